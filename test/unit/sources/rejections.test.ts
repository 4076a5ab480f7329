import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeBytes, decodeCloudWatchLogsEvent } from "../../../shared/sources/index.ts";
import { auditSample, awslogsEvent, bytes, fixture, gz, jsonl, opts, payloadOf } from "./helpers.ts";

const good = awslogsEvent(payloadOf([auditSample({ auditID: "good-1" })]));
const goodAfter = awslogsEvent(payloadOf([auditSample({ auditID: "good-2" })], {}, 77));
const b64 = (b: Uint8Array | Buffer): string => Buffer.from(b).toString("base64");
const gzipped = gzipSync(Buffer.from(JSON.stringify(payloadOf([auditSample()]))));

/** Decodes [good, bad, goodAfter] as JSON Lines; the bad line's rejection and the survivors. */
function sandwich(bad: unknown) {
  const r = decodeBytes(bytes(jsonl([good, bad, goodAfter])), "in.jsonl", opts());
  expect(r.events.map((e) => [e.recordId, e.origin.position])).toEqual([
    ["audit:good-1:ResponseComplete", "line 1 › logEvent 1"],
    ["audit:good-2:ResponseComplete", "line 3 › logEvent 1"],
  ]);
  expect(r.records).toBe(r.events.length + r.rejections.length + r.skipped + r.filtered);
  return r.rejections;
}

describe("bad CloudWatch Logs payloads are rejected with file and position; the rest survives", () => {
  it.each([
    ["bad base64", { awslogs: { data: "H4sI###not base64###" } }, "awslogs.data is not valid base64"],
    ["empty data", { awslogs: { data: "" } }, "awslogs.data is not valid base64"],
    ["base64 of plain text", { awslogs: { data: b64(Buffer.from("hello")) } }, "awslogs.data is not gzip (no 1f 8b header)"],
    ["corrupt gzip", { awslogs: { data: b64(Buffer.concat([gzipped.subarray(0, 10), Buffer.alloc(40, 0xff)])) } }, /^awslogs\.data is bad gzip: /],
    ["truncated gzip", { awslogs: { data: b64(gzipped.subarray(0, gzipped.length - 12)) } }, "awslogs.data is bad gzip: unexpected end of file"],
    ["gzip of non-JSON", { awslogs: { data: b64(gzipSync("not json")) } }, /^awslogs\.data does not hold JSON: /],
    ["gzip of another shape", { awslogs: { data: b64(gzipSync('{"hello":1}')) } }, "awslogs.data does not hold a CloudWatch Logs payload (keys: hello)"],
    ["gzip of JSON null", { awslogs: { data: b64(gzipSync("null")) } }, "awslogs.data does not hold a CloudWatch Logs payload (null)"],
    ["data not a string", { awslogs: { data: 5 } }, "awslogs.data must be a string, got number"],
    ["awslogs not an object", { awslogs: "x" }, "awslogs must be an object, got string"],
  ])("%s", (_name, bad, reason) => {
    const rejections = sandwich(bad);
    expect(rejections).toHaveLength(1);
    expect(rejections[0]!.origin).toEqual({ file: "in.jsonl", position: "line 2" });
    expect(rejections[0]!.reason).toEqual(typeof reason === "string" ? reason : expect.stringMatching(reason));
  });

  it.each([
    ["logEvents not an array", { logEvents: {} }, "logEvents must be an array, got object"],
    ["unknown messageType", { messageType: "DATA_MESSAGE_V2" }, 'unknown messageType "DATA_MESSAGE_V2"'],
    ["logGroup not a string", { logGroup: 42 }, "logGroup must be a string, got number"],
  ])("payload: %s", (_name, over, reason) => {
    const rejections = sandwich(awslogsEvent(payloadOf([auditSample()], over)));
    expect(rejections).toEqual([{ origin: { file: "in.jsonl", position: "line 2" }, reason }]);
  });

  it("rejects single bad log events inside a payload and keeps the others", () => {
    const p = payloadOf([auditSample({ auditID: "e1" }), "{not json", auditSample({ auditID: "e3" }), "null", auditSample({ auditID: "e5", verb: 1 })]);
    const logEvents = p.logEvents as Array<Record<string, unknown>>;
    logEvents.push({ id: "x6", timestamp: 1, message: 42 }, { id: 7, timestamp: 1, message: "{}" }, { id: "x8", timestamp: "now", message: "{}" }, null as never);
    const r = decodeBytes(bytes(JSON.stringify(awslogsEvent(p))), "one.json", opts());
    expect(r.events.map((e) => [e.recordId, e.origin.position])).toEqual([
      ["audit:e1:ResponseComplete", "logEvent 1"],
      ["audit:e3:ResponseComplete", "logEvent 3"],
    ]);
    expect(r.rejections.map((x) => [x.origin.position, x.reason.replace(/: .*/, ": …")])).toEqual([
      ["logEvent 2", "message is not JSON: …"],
      ["logEvent 4", "expected an audit event object, got null"],
      ["logEvent 5", "verb must be a string, got number"],
      ["logEvent 6", "message must be a string, got number"],
      ["logEvent 7", "id must be a string, got number"],
      ["logEvent 8", "timestamp must be a number, got string"],
      ["logEvent 9", "expected a log event object, got null"],
    ]);
    expect(r.records).toBe(9);
    // The same payload through the Lambda entry point gives the same outcome.
    const lambda = decodeCloudWatchLogsEvent(awslogsEvent(p), { ...opts(), origin: "one.json" });
    expect(lambda.rejections).toEqual(r.rejections);
    expect(lambda.batchId).not.toBeNull();
  });
});

describe("bad files and lines", () => {
  it("rejects a file with gzip magic but corrupt data as a whole", () => {
    const corrupt = Uint8Array.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const r = decodeBytes(corrupt, "x.json.gz", opts());
    expect(r.events).toEqual([]);
    expect(r.rejections).toHaveLength(1);
    expect(r.rejections[0]!.origin).toEqual({ file: "x.json.gz", position: "file" });
    expect(r.rejections[0]!.reason).toMatch(/^bad gzip: /);
  });

  it("keeps the complete records of a truncated .gz file and reports the cut", () => {
    const records = Array.from({ length: 400 }, (_, i) => auditSample({ auditID: `trunc-${i}-${(i * 7919) % 10007}`, userAgent: `agent-${(i * 104729) % 99991}` }));
    const full = gzipSync(Buffer.from(jsonl(records)));
    const cut = new Uint8Array(full.subarray(0, Math.floor(full.length * 0.6)));
    const r = decodeBytes(cut, "audit.jsonl.gz", opts());
    expect(r.events.length).toBeGreaterThan(50);
    expect(r.events.length).toBeLessThan(400);
    expect(r.events.map((e) => e.origin.position)).toEqual(r.events.map((_, i) => `line ${i + 1}`));
    const last = r.rejections.at(-1)!;
    expect(last.origin.position).toBe("end of file");
    expect(last.reason).toMatch(/^truncated gzip \(unexpected end of file\)/);
    expect(r.rejections.length).toBeLessThanOrEqual(2); // at most the partial last line, plus the cut
  });

  it.each([
    ["null", "null"],
    ["42", "number"],
    ['"text"', "string"],
    ["true", "boolean"],
  ])("rejects JSON %s at the top level", (text, type) => {
    const r = decodeBytes(bytes(text), "t.json", opts());
    expect(r.rejections).toEqual([{ origin: { file: "t.json", position: "document" }, reason: `unknown shape: expected a JSON object or array, got ${type}` }]);
    expect(r.records).toBe(1);
  });

  it("rejects not-JSON lines, scalars, unknown shapes and nested arrays per line, keeping the rest", () => {
    const a = auditSample();
    const text = [JSON.stringify(a), "this is not json", "null", "42", '{"foo":1,"bar":2}', `[[${JSON.stringify(a)}]]`, "", JSON.stringify({ ...a, stage: "Panic" })].join("\n");
    const r = decodeBytes(bytes(text), "m.jsonl", opts());
    expect(r.events.map((e) => [e.recordId, e.origin.position])).toEqual([
      [`audit:${a.auditID}:ResponseComplete`, "line 1"],
      [`audit:${a.auditID}:Panic`, "line 8"],
    ]);
    expect(r.rejections.map((x) => [x.origin.position, x.reason.replace(/^not JSON: .*/, "not JSON: …")])).toEqual([
      ["line 2", "not JSON: …"],
      ["line 3", "unknown shape: expected a JSON object or array, got null"],
      ["line 4", "unknown shape: expected a JSON object or array, got number"],
      ["line 5", "unknown shape (keys: foo, bar)"],
      ["line 6 › record 1", "unknown shape: an array inside an array"],
    ]);
  });

  it("reports a broken pretty-printed document once, at the line of the error", () => {
    const lines = JSON.stringify(fixture("cloudtrail-records.json"), null, 2).split("\n");
    expect(lines[19]).toMatch(/,$/);
    lines[19] = lines[19]!.replace(/,$/, ""); // a missing comma: the error is found on line 21
    const r = decodeBytes(bytes(lines.join("\n")), "pretty.json", opts());
    expect(r.events).toEqual([]);
    expect(r.rejections).toHaveLength(1);
    expect(r.rejections[0]!.origin.position).toBe("line 21");
    expect(r.rejections[0]!.reason).toMatch(/^not JSON: /);
    // Node 20 gives no position for an unexpected token: then the whole document is named.
    lines.splice(5, 0, '  "broken": ,');
    const noPosition = decodeBytes(gz(lines.join("\n")), "pretty.json.gz", opts());
    expect(noPosition.rejections).toHaveLength(1);
    expect(["document", "line 6"]).toContain(noPosition.rejections[0]!.origin.position);
  });

  it("rejects objects of unknown shape, listing a few keys", () => {
    const many = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]));
    const r = decodeBytes(bytes(JSON.stringify(many)), "u.json", opts());
    expect(r.rejections[0]!.reason).toBe("unknown shape (keys: k0, k1, k2, k3, k4, k5, …)");
    expect(decodeBytes(bytes("{}"), "e.json", opts()).rejections[0]!.reason).toBe("unknown shape (no keys)");
  });

  it("reads empty and whitespace-only input as no records", () => {
    for (const text of ["", "\n\n  \r\n", "\uFEFF"]) {
      expect(decodeBytes(bytes(text), "empty", opts())).toMatchObject({ events: [], rejections: [], records: 0 });
    }
    expect(decodeBytes(gz(""), "empty.gz", opts())).toMatchObject({ events: [], rejections: [], records: 0 });
  });

  it("tolerates a byte-order mark, CRLF line ends and blank lines, keeping physical line numbers", () => {
    const a = auditSample();
    const text = `\uFEFF${JSON.stringify(a)}\r\n\r\n${JSON.stringify({ ...a, stage: "ResponseStarted" })}\r\n`;
    const r = decodeBytes(bytes(text), "crlf.jsonl", opts());
    expect(r.rejections).toEqual([]);
    expect(r.events.map((e) => e.origin.position)).toEqual(["line 1", "line 3"]);
  });
});
