// The hot path for a subscription payload's bytes (issue 6). Instead of JSON.parse of the
// whole payload (as costly as gunzip) and a prefilter per message, the log events are found
// by a structural scan (log-event-spans.ts) and one regex pass marks the few whose message may
// matter (prefilter/candidate-scan.ts). Only those are unescaped and parsed, through the same
// per-event path as a parsed payload. A payload in any other layout returns undefined and is
// parsed whole, so results never depend on which path ran — except that a message dropped
// unparsed is not validated (as with the message prefilter).
// The text is read in slices of whole events (~64 KB): short-lived strings the young
// generation collects, where one string of the whole payload is a large external allocation
// that costs more to make and drives full collections.
import { isAscii } from "node:buffer";
import { at, type DecodeContext } from "./context.ts";
import { isObject } from "./json.ts";
import { decodeLogMessage } from "./log-message.ts";
import { logEventSpans } from "./log-event-spans.ts";
import { batchIdOf, isSubscriptionPayload, readHeader } from "./subscription-header.ts";

const LOG_EVENTS = '"logEvents":[';
const BETWEEN_EVENTS = '"},{"id":"';
const SLICE_BYTES = 64 * 1024;

interface Scanned {
  ids: string[];
  timestamps: number[];
  /** Unescaped messages of the candidates, by event index. */
  messages: Map<number, string>;
}

/** The batch id; undefined when the bytes are not in CloudWatch Logs' layout (nothing recorded). */
export function decodePayloadBytes(ctx: DecodeContext, data: Buffer, prefix: string): string | undefined {
  if (!ctx.candidateScan) return undefined;
  // Structure is ASCII, so slices cut at it are whole UTF-8 characters either way.
  const encoding = isAscii(data) ? "latin1" : "utf8"; // latin1 reads ASCII at less cost
  const text = (a: number, b: number): string => data.toString(encoding, a, b);
  const bounds = eventArray(data);
  if (!bounds) return undefined;
  // The payload with its events replaced by a 0: parses (and validates) everything around
  // them, and the 0 coming back as the top-level logEvents proves this array is that one.
  let rest: unknown;
  try {
    rest = JSON.parse(`${text(0, bounds.open + 1)}0${text(bounds.close, data.length)}`);
  } catch {
    return undefined;
  }
  if (!isObject(rest) || !isSubscriptionPayload(rest) || !isSentinel(rest.logEvents)) return undefined;
  const header = readHeader(ctx, rest);
  if (!header.ok || header.kind !== "data") return undefined;
  const scanned = scanEvents(ctx, data, bounds, text);
  if (!scanned) return undefined;

  ctx.filtered += scanned.ids.length - scanned.messages.size;
  for (const [i, message] of scanned.messages) {
    const logEvent = { id: scanned.ids[i], timestamp: scanned.timestamps[i], message };
    // Through the message prefilter too: the scan marks more than it (oddly spelled keys), and
    // an extra parsed copy of a record could take the place of the copy that matches.
    decodeLogMessage(ctx, logEvent, at(prefix, `logEvent ${i + 1}`), header.placement, "id");
  }
  return batchIdOf(header.group, header.stream, scanned.ids);
}

function isSentinel(v: unknown): boolean {
  return Array.isArray(v) && v.length === 1 && v[0] === 0;
}

/** Every event's id and time, and the candidates' messages; undefined if the layout is off. */
function scanEvents(ctx: DecodeContext, data: Buffer, bounds: { open: number; close: number }, text: (a: number, b: number) => string): Scanned | undefined {
  const scan = ctx.candidateScan!;
  const out: Scanned = { ids: [], timestamps: [], messages: new Map() };
  for (let from = bounds.open + 1; from < bounds.close; ) {
    const cut = data.indexOf(BETWEEN_EVENTS, from + SLICE_BYTES);
    const to = cut === -1 || cut >= bounds.close ? bounds.close : cut + 2;
    const slice = text(from, to);
    const spans = logEventSpans(slice, -1, slice.length);
    if (!spans) return undefined;
    const candidate = scan(slice, spans);
    const offset = out.ids.length;
    for (let i = 0; i < candidate.length; i++) {
      if (candidate[i] === 0) continue;
      try {
        out.messages.set(offset + i, JSON.parse(`"${slice.slice(spans.starts[i], spans.ends[i])}"`) as string);
      } catch {
        return undefined; // not a JSON string after all: let the full parse say what is wrong
      }
    }
    for (let i = 0; i < spans.ids.length; i++) {
      out.ids.push(spans.ids[i]!);
      out.timestamps.push(spans.timestamps[i]!);
    }
    from = to + 1; // past the "," between two events
  }
  return out;
}

/** Byte offsets of `[` and `]` of the logEvents array, found from both ends. */
function eventArray(data: Buffer): { open: number; close: number } | undefined {
  const key = data.indexOf(LOG_EVENTS);
  if (key === -1) return undefined;
  const open = key + LOG_EVENTS.length - 1;
  if (data[open + 1] === 0x5d /* ] */) return { open, close: open + 1 };
  const close = data.lastIndexOf('"}]') + 2;
  return close > open + 1 ? { open, close } : undefined;
}
