// Finds the log events of a CloudWatch Logs payload in its text without JSON.parse, for the
// layout CloudWatch Logs writes: `"logEvents":[{"id":"…","timestamp":N,"message":"…"},…]`,
// no whitespace. Anything else (other keys, key order, whitespace, escapes in ids, numbers
// that are not plain integers) makes it answer undefined, and the caller parses the payload.
//
// Why this is exact for valid JSON: inside a JSON string every `"` is escaped, so a `{`
// followed (after any whitespace) by a raw `"` is either an object's start or, when that quote
// closes the message (`{"},{"id":"` or `{"}]`), a message's last character. Every object in the
// array, envelope or not, is found that way, and one that is not an envelope sends the payload
// to the full parse. A message runs from its envelope to the `"},` before the next one (or the
// `"}` before `]`). Had an event one more string member after its message, that span would
// hold a raw `"`: the candidate scan then either finds nothing in it (so the message itself
// holds no candidate) or the caller's JSON.parse of the span fails and it parses it whole.

export interface LogEventSpans {
  ids: string[];
  timestamps: number[];
  /** Message text (still JSON-escaped) is text.slice(starts[i], ends[i]). */
  starts: number[];
  ends: number[];
}

const ID = '{"id":"';
const TIMESTAMP = '","timestamp":';
const MESSAGE = ',"message":"';

/** The spans of the events between `[` at `open` and `]` at `close`, or undefined. */
export function logEventSpans(text: string, open: number, close: number): LogEventSpans | undefined {
  const spans: LogEventSpans = { ids: [], timestamps: [], starts: [], ends: [] };
  if (open + 1 === close) return spans;
  let start = -1; // of the current message
  // indexOf("{") and a look at what follows: as fast here as a regex for `{"`, and it sees
  // objects written with whitespace too.
  for (let at = text.indexOf("{", open + 1); at !== -1 && at < close; at = text.indexOf("{", at + 1)) {
    const quote = afterWhitespace(text, at + 1);
    if (text.charCodeAt(quote) !== 0x22 /* " */) continue; // `{\"…` and the like: inside a message
    if (start !== -1 && closesMessage(text, quote, close)) continue;
    if (quote !== at + 1) return undefined; // an object written with whitespace
    if (start === -1 ? at !== open + 1 : at - 3 < start || !endsEvent(text, at)) return undefined;
    if (start !== -1) spans.ends.push(at - 3);
    start = envelope(text, at, spans);
    if (start === -1) return undefined;
    at = start - 1;
  }
  if (start === -1 || close - 2 < start || !text.startsWith('"}', close - 2)) return undefined;
  spans.ends.push(close - 2);
  return spans;
}

function afterWhitespace(text: string, i: number): number {
  for (let c = text.charCodeAt(i); c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d; c = text.charCodeAt(++i));
  return i;
}

/**
 * The raw quote at `quote` ends the current message: the next envelope follows (`"},{"id":"`
 * can only be that: read as a key, `"},{"` would need a colon where `id` stands), or the
 * `"}` before `]`.
 */
function closesMessage(text: string, quote: number, close: number): boolean {
  return quote === close - 2 || text.startsWith('"},{"id":"', quote);
}

/** `"},` just before `at`: the previous event's message and object end there. */
function endsEvent(text: string, at: number): boolean {
  return text.charCodeAt(at - 1) === 0x2c && text.charCodeAt(at - 2) === 0x7d && text.charCodeAt(at - 3) === 0x22;
}

/** Reads `{"id":"…","timestamp":N,"message":"` at `at`; returns where the message starts, or -1. */
function envelope(text: string, at: number, spans: LogEventSpans): number {
  if (!text.startsWith(ID, at)) return -1;
  const idStart = at + ID.length;
  const idEnd = text.indexOf('"', idStart);
  if (idEnd <= idStart || !text.startsWith(TIMESTAMP, idEnd)) return -1;
  const id = text.slice(idStart, idEnd);
  if (id.includes("\\")) return -1;
  const numberStart = idEnd + TIMESTAMP.length;
  const numberEnd = integerEnd(text, numberStart);
  if (numberEnd === -1 || !text.startsWith(MESSAGE, numberEnd)) return -1;
  spans.ids.push(id);
  spans.timestamps.push(integerValue(text, numberStart, numberEnd));
  const messageStart = numberEnd + MESSAGE.length;
  spans.starts.push(messageStart);
  return messageStart;
}

/** The double JSON.parse reads for the integer text[start, end). */
function integerValue(text: string, start: number, end: number): number {
  const negative = text.charCodeAt(start) === 0x2d;
  // Up to 15 digits the sum is exact; longer ones take Number()'s correctly rounded reading.
  if (end - start - (negative ? 1 : 0) > 15) return Number(text.slice(start, end));
  let v = 0;
  for (let i = negative ? start + 1 : start; i < end; i++) v = v * 10 + (text.charCodeAt(i) - 0x30);
  return negative ? -v : v;
}

/** The end of a JSON integer (`-?(0|[1-9][0-9]*)`) at `i`, or -1. */
function integerEnd(text: string, i: number): number {
  if (text.charCodeAt(i) === 0x2d /* - */) i++;
  const first = text.charCodeAt(i);
  if (first === 0x30 /* 0 */) return i + 1;
  if (!(first >= 0x31 && first <= 0x39)) return -1;
  i++;
  for (let c = text.charCodeAt(i); c >= 0x30 && c <= 0x39; c = text.charCodeAt(++i));
  return i;
}
