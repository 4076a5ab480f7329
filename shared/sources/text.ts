// A file's bytes as one JSON document or as JSON Lines, decided from the content:
// - the first non-blank line parses on its own and more follows → JSON Lines;
// - otherwise the whole text is one document (pretty-printed, or a single line);
// - if that fails too, JSON Lines again, so one broken line does not cost the others —
//   unless no line holds a record, in which case it is one broken document.
import { constants } from "node:buffer";
import { at, reject, skip, type DecodeContext } from "./context.ts";
import { concatenatedSpans, timestampedLine } from "./concatenated.ts";
import { isOtherStream } from "./subscription-header.ts";
import { decodeValue } from "./detect.ts";
import { parseJson, type Parsed } from "./json.ts";

const NEWLINE = 0x0a;

function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== NEWLINE) return false;
  }
  return true;
}

function lineEnd(buf: Buffer, start: number): number {
  const nl = buf.indexOf(NEWLINE, start);
  return nl === -1 ? buf.length : nl;
}

/** A non-empty object or array: a pretty-printer never puts one alone on a line. */
function holdsRecord(p: Parsed): boolean {
  if (!p.ok || typeof p.value !== "object" || p.value === null) return false;
  if (Array.isArray(p.value)) return p.value.length > 0;
  for (const _ in p.value) return true;
  return false;
}

export function decodeText(ctx: DecodeContext, bytes: Uint8Array): void {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // A UTF-8 byte-order mark is not JSON whitespace.
  let start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  let line = 1;
  while (start < buf.length) {
    const end = lineEnd(buf, start);
    if (!isBlank(buf, start, end)) break;
    start = end + 1;
    line++;
  }
  if (start >= buf.length) return; // empty input: no records
  const firstEnd = lineEnd(buf, start);
  const first = parseJson(buf.toString("utf8", start, firstEnd));
  if (first.ok && isBlank(buf, firstEnd, buf.length)) return decodeValue(ctx, first.value, "");
  if (first.ok) {
    decodeLines(ctx, buf, start, line, first);
    return;
  }

  // Bytes are at least as many as UTF-16 units, so this length always fits in a string.
  let wholeError: { error: string; text: string; from: number } | undefined;
  if (buf.length - start <= constants.MAX_STRING_LENGTH) {
    const text = buf.toString("utf8", start);
    const whole = parseJson(text);
    if (whole.ok) return decodeValue(ctx, whole.value, "");
    if (decodeConcatenated(ctx, text, "")) return;
    wholeError = { error: whole.error, text, from: line };
  }
  const mark = ctx.rejections.length;
  const skipped = ctx.skipped;
  const records = decodeLines(ctx, buf, start, line, first);
  if (records === 0 && ctx.skipped === skipped && wholeError) {
    ctx.rejections.length = mark;
    reject(ctx, errorLine(wholeError), `not JSON: ${wholeError.error}`);
    // Rejected as a whole, the file still had records: count its lines, not one.
    ctx.rejections[ctx.rejections.length - 1]!.records = Math.max(1, countLines(buf, start));
  }
}

/** JSON values back to back (Firehose): each decoded as "value N"; false when the text is not that. */
function decodeConcatenated(ctx: DecodeContext, text: string, prefix: string): boolean {
  const spans = concatenatedSpans(text);
  if (!spans) return false;
  const parsed = spans.map(([a, b]) => parseJson(text.slice(a, b)));
  if (!parsed.every((p) => p.ok)) return false;
  parsed.forEach((p, i) => decodeValue(ctx, (p as { value: unknown }).value, at(prefix, `value ${i + 1}`)));
  return true;
}

/**
 * A line that is not JSON: values back to back, or a timestamped CloudWatch Logs line (export
 * task, `aws logs tail`) whose message is decoded by its shape; false when it is neither.
 */
export function decodeOtherLine(ctx: DecodeContext, text: string, position: string): boolean {
  if (decodeConcatenated(ctx, text, position)) return true;
  const t = timestampedLine(text);
  if (!t) return false;
  const message = parseJson(t.message);
  if (message.ok) {
    decodeValue(ctx, message.value, position, false);
    return true;
  }
  // `aws logs tail` of the whole group: authenticator, scheduler… lines are text, not for us.
  if (t.stream !== null && isOtherStream(t.stream)) {
    skip(ctx, "other-log-stream");
    return true;
  }
  return false;
}

function countLines(buf: Buffer, start: number): number {
  let n = 0;
  for (let pos = start; pos < buf.length; ) {
    const end = lineEnd(buf, pos);
    if (!isBlank(buf, pos, end)) n++;
    pos = end + 1;
  }
  return n;
}

/** Decodes each non-blank line from `start` (line number `line`); returns lines that held records. */
function decodeLines(ctx: DecodeContext, buf: Buffer, start: number, line: number, first: Parsed): number {
  let records = 0;
  let parsed: Parsed | undefined = first;
  for (let pos = start; pos < buf.length; line++) {
    const end = lineEnd(buf, pos);
    if (!isBlank(buf, pos, end)) {
      const text = parsed ? undefined : buf.toString("utf8", pos, end);
      const p = parsed ?? parseJson(text!);
      if (holdsRecord(p)) records++;
      if (p.ok) decodeValue(ctx, p.value, `line ${line}`);
      else if (decodeOtherLine(ctx, text ?? buf.toString("utf8", pos, end), `line ${line}`)) records++;
      else reject(ctx, `line ${line}`, `not JSON: ${p.error}`);
    }
    parsed = undefined;
    pos = end + 1;
  }
  return records;
}

/** "line N" of a JSON.parse error that gives a position, else the whole document. */
function errorLine(e: { error: string; text: string; from: number }): string {
  const m = /at position (\d+)/.exec(e.error);
  if (!m) return "";
  const upTo = Math.min(Number(m[1]), e.text.length);
  let line = e.from;
  for (let i = e.text.indexOf("\n"); i !== -1 && i < upTo; i = e.text.indexOf("\n", i + 1)) line++;
  return `line ${line}`;
}
