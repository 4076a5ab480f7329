// logEventSpans finds a CloudWatch Logs payload's log events in its text without parsing it.
// Its answer must be what JSON.parse reads (ids, timestamps, each message's escaped text), or
// undefined for any layout other than `{"id":"…","timestamp":N,"message":"…"}` joined by commas.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { logEventSpans, type LogEventSpans } from "../../../shared/sources/log-event-spans.ts";

interface LogEvent {
  id: string;
  timestamp: number;
  message: string;
}

const LOG_EVENTS = '"logEvents":[';

/** `[` and `]` of the logEvents array of a payload text whose last member is logEvents. */
function arrayBounds(text: string): { open: number; close: number } {
  const open = text.indexOf(LOG_EVENTS) + LOG_EVENTS.length - 1;
  const close = text.length - 2;
  expect(text[open]).toBe("[");
  expect(text.slice(close)).toBe("]}");
  return { open, close };
}

function spansOfPayload(text: string): LogEventSpans | undefined {
  const { open, close } = arrayBounds(text);
  return logEventSpans(text, open, close);
}

const header = '{"messageType":"DATA_MESSAGE","owner":"111122223333","logGroup":"/aws/eks/c/cluster","logStream":"kube-apiserver-audit-1","subscriptionFilters":["f"],';

/** A payload text around event texts written by hand. */
const payloadText = (events: readonly string[]): string => `${header}"logEvents":[${events.join(",")}]}`;

/** The spans hold what JSON.parse reads from the same text. */
function expectSpansOf(text: string, spans: LogEventSpans | undefined, events: ReadonlyArray<{ id: string; timestamp: number; message: string }>): void {
  expect(spans).toBeDefined();
  const s = spans!;
  expect(s.ids).toEqual(events.map((e) => e.id));
  expect(s.timestamps).toEqual(events.map((e) => e.timestamp)); // toEqual tells -0 from 0
  expect(s.starts).toHaveLength(events.length);
  expect(s.ends).toHaveLength(events.length);
  events.forEach((e, i) => {
    expect(s.starts[i]!).toBeLessThanOrEqual(s.ends[i]!);
    if (i > 0) expect(s.ends[i - 1]!).toBeLessThan(s.starts[i]!);
    expect(JSON.parse(`"${text.slice(s.starts[i], s.ends[i])}"`)).toBe(e.message);
  });
}

/** Messages that look like the envelope around them, escapes of every kind, and plain text. */
const TRICKY = [
  "",
  '"',
  "\\",
  '"},{"id":"9","timestamp":1,"message":"',
  '{"id":"1","timestamp":2,"message":"x"}',
  '"}]',
  "\\\"}",
  '{"code":403,"user":{"username":"eks:vpc-resource-controller"}}',
  "line\nbreak\ttab\r\u0000\u001f\u007f",
  "\u2028\u2029",
  "ünïcødé 日本語 🚀",
  "\ud800 lone \udfff surrogates",
  "/ \\/ \\u0063",
];
const message = fc
  .oneof(
    fc.constantFrom(...TRICKY),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.string({ unit: fc.constantFrom('"', "\\", "{", "}", ",", ":", "[", "]", "i", "d", "\n", "\u0001", "\u2028", "é"), maxLength: 30 }),
    fc.array(fc.constantFrom(...TRICKY), { maxLength: 4 }).map((parts) => parts.join("")),
    fc.string({ maxLength: 12 }).map((m) => `${m}{`), // the closing quote then reads {"
  );
/** Ids JSON.stringify writes without escapes (CloudWatch's are digits), including structure characters. */
const id = fc.oneof(fc.stringMatching(/^[0-9]{1,56}$/), fc.string({ unit: fc.constantFrom("a", "7", "{", "}", "[", "]", ",", ":", " ", "/"), minLength: 1, maxLength: 12 }));
const timestamp = fc.oneof(fc.integer(), fc.integer({ min: 0, max: 8.64e15 }), fc.constantFrom(0, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER));
const logEvent: fc.Arbitrary<LogEvent> = fc.record({ id, timestamp, message });

describe("logEventSpans on CloudWatch's layout", () => {
  it("reads the ids, timestamps and escaped message text JSON.parse reads", () => {
    fc.assert(
      fc.property(fc.array(logEvent, { maxLength: 8 }), (events) => {
        const text = JSON.stringify({ messageType: "DATA_MESSAGE", owner: "111122223333", logGroup: "/aws/eks/c/cluster", logEvents: events });
        const parsed = (JSON.parse(text) as { logEvents: LogEvent[] }).logEvents;
        expectSpansOf(text, spansOfPayload(text), parsed);
      }),
      { numRuns: 500 },
    );
  });

  it("reads huge and negative integer timestamps as JSON.parse does", () => {
    // Digits past 2^53 and past 1e21 (JSON.stringify would write those with an exponent).
    const digits = fc.oneof(
      fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }),
      fc.bigInt({ min: 2n ** 53n - 5n, max: 2n ** 53n + 5n }),
      fc.bigInt({ min: -(10n ** 16n), max: 10n ** 16n }),
    );
    fc.assert(
      fc.property(fc.array(fc.record({ id, ts: digits.map(String), message }), { minLength: 1, maxLength: 5 }), (events) => {
        const text = payloadText(events.map((e) => `{"id":${JSON.stringify(e.id)},"timestamp":${e.ts},"message":${JSON.stringify(e.message)}}`));
        const parsed = (JSON.parse(text) as { logEvents: LogEvent[] }).logEvents;
        expectSpansOf(text, spansOfPayload(text), parsed);
      }),
      { numRuns: 300 },
    );
    const edge = ["-0", "0", "9007199254740993", "123456789012345678901234567890", "-99999999999999999999"];
    const text = payloadText(edge.map((ts, i) => `{"id":"${i}","timestamp":${ts},"message":"m"}`));
    const parsed = (JSON.parse(text) as { logEvents: LogEvent[] }).logEvents;
    expect(Object.is(parsed[0]!.timestamp, -0)).toBe(true);
    expectSpansOf(text, spansOfPayload(text), parsed);
  });

  it("reads bare events (open -1, close at the end), as the slices of a large payload are", () => {
    fc.assert(
      fc.property(fc.array(logEvent, { minLength: 1, maxLength: 6 }), (events) => {
        const text = events.map((e) => JSON.stringify(e)).join(",");
        expectSpansOf(text, logEventSpans(text, -1, text.length), events.map((e) => JSON.parse(JSON.stringify(e)) as LogEvent));
      }),
      { numRuns: 200 },
    );
  });

  it("a message whose last character is { (its closing quote makes the {\" the scan looks for)", () => {
    // The closing quote after a "{" looks like an object's start; it must still be read as the end.
    for (const messages of [["{"], ["log line ending in {", "next"], ["first", 'json \\"},{']]) {
      const events = messages.map((m, i) => ({ id: String(i + 1), timestamp: 1716797730000 + i, message: m }));
      const text = JSON.stringify({ logGroup: "/aws/eks/c/cluster", logEvents: events });
      expectSpansOf(text, spansOfPayload(text), events);
    }
  });

  it("gives no spans for an empty array", () => {
    const text = payloadText([]);
    expect(spansOfPayload(text)).toEqual({ ids: [], timestamps: [], starts: [], ends: [] });
  });
});

describe("logEventSpans declines every other layout", () => {
  const e1 = { id: "36", timestamp: 1716797730413, message: '{"kind":"Event","verb":"patch"}' };
  const e2 = { id: "37", timestamp: 1716797730414, message: "second" };
  const plain = (e: LogEvent): string => JSON.stringify(e);

  it("reads the reference payload these variants are made from", () => {
    const text = payloadText([plain(e1), plain(e2)]);
    expectSpansOf(text, spansOfPayload(text), [e1, e2]);
  });

  it("whitespace: JSON.stringify(payload, null, 1)", () => {
    const text = JSON.stringify({ logEvents: [e1, e2] }, null, 1);
    const open = text.indexOf("[");
    const close = text.lastIndexOf("]");
    expect(logEventSpans(text, open, close)).toBeUndefined();
    // Only between events or only inside one: still declined.
    expect(spansOfPayload(payloadText([plain(e1), ` ${plain(e2)}`]))).toBeUndefined();
    expect(spansOfPayload(payloadText([plain(e1).replace('"timestamp":', '"timestamp": ')]))).toBeUndefined();
    expect(spansOfPayload(payloadText([plain(e1).replace('{"id"', '{ "id"')]))).toBeUndefined();
    expect(spansOfPayload(payloadText([`${plain(e1)} `]))).toBeUndefined();
  });

  it("another key order", () => {
    for (const e of [
      { timestamp: e1.timestamp, id: e1.id, message: e1.message },
      { id: e1.id, message: e1.message, timestamp: e1.timestamp },
      { message: e1.message, id: e1.id, timestamp: e1.timestamp },
    ]) {
      expect(spansOfPayload(payloadText([plain(e2), JSON.stringify(e)]))).toBeUndefined();
    }
  });

  it("an extra member, a missing one, or one of another type", () => {
    const variants = [
      { x: 1, ...e1 },
      { id: e1.id, x: "y", timestamp: e1.timestamp, message: e1.message },
      { id: e1.id, timestamp: e1.timestamp, x: null, message: e1.message },
      { ...e1, x: 1 },
      { ...e1, x: { id: "1" } },
      { ...e1, x: [e2] },
      { timestamp: e1.timestamp, message: e1.message },
      { id: e1.id, message: e1.message },
      { id: e1.id, timestamp: e1.timestamp },
      { ...e1, id: 36 },
      { ...e1, id: null },
      { ...e1, id: "" },
      { ...e1, timestamp: String(e1.timestamp) },
      { ...e1, message: 5 },
      { ...e1, message: null },
      { ...e1, message: { text: "m" } },
    ];
    for (const e of variants) {
      expect(spansOfPayload(payloadText([JSON.stringify(e), plain(e2)])), JSON.stringify(e)).toBeUndefined();
      expect(spansOfPayload(payloadText([plain(e2), JSON.stringify(e)])), JSON.stringify(e)).toBeUndefined();
    }
  });

  it("an extra string member after the message leaves a span that is not a JSON string (the caller's parse declines)", () => {
    // Documented in log-event-spans.ts: such a span holds a raw quote.
    for (const events of [[JSON.stringify({ ...e1, x: "y" }), plain(e2)], [plain(e2), JSON.stringify({ ...e1, x: "y" })]]) {
      const text = payloadText(events);
      const spans = spansOfPayload(text);
      if (spans === undefined) continue;
      const odd = spans.ids.indexOf(e1.id);
      expect(odd).not.toBe(-1);
      expect(() => JSON.parse(`"${text.slice(spans.starts[odd], spans.ends[odd])}"`)).toThrow();
    }
  });

  it("an escaped id", () => {
    for (const idText of ['"3\\u0036"', '"3\\"6"', '"3\\\\6"', '"3\\/6"']) {
      const text = payloadText([plain(e2), `{"id":${idText},"timestamp":1,"message":"m"}`]);
      expect(JSON.parse(text)).toBeDefined(); // valid JSON: only the layout is off
      expect(spansOfPayload(text), idText).toBeUndefined();
    }
  });

  it("a timestamp that is not a plain integer", () => {
    for (const ts of ["1.5", "1716797730413.0", "1e3", "1E3", "1e+3", "1e400", "-1e400", "17e-1", "-", "01", "+1", '"1"', "null", "true"]) {
      const text = payloadText([plain(e2), `{"id":"9","timestamp":${ts},"message":"m"}`]);
      expect(spansOfPayload(text), ts).toBeUndefined();
    }
  });

  it("an element of the array that is not an event", () => {
    for (const other of ['{"foo":1}', '{"id":"1"}', "{}", "5", '"s"', '"}"', "null", "[]", `[${plain(e2)}]`, `{"e":${plain(e2)}}`]) {
      expect(spansOfPayload(payloadText([plain(e1), other])), other).toBeUndefined();
      expect(spansOfPayload(payloadText([other, plain(e1)])), other).toBeUndefined();
      expect(spansOfPayload(payloadText([plain(e1), other, plain(e2)])), other).toBeUndefined();
    }
  });

  it("bare events with anything around them", () => {
    const bare = `${plain(e1)},${plain(e2)}`;
    expectSpansOf(bare, logEventSpans(bare, -1, bare.length), [e1, e2]);
    for (const text of [` ${bare}`, `${bare} `, `${bare},`, `,${bare}`, `[${bare}]`]) {
      expect(logEventSpans(text, -1, text.length), text).toBeUndefined();
    }
  });
});
