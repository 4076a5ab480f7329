// Text that is not one JSON document nor JSON Lines but JSON values back to back — `{…}{…}`,
// as Kinesis Data Firehose writes CloudWatch Logs subscription records into S3 objects — and the
// timestamped lines of CloudWatch Logs export tasks and `aws logs tail`.

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

/**
 * The spans of top-level objects/arrays written back to back (whitespace allowed between), or
 * undefined when the text is not only that or holds fewer than two. One linear pass.
 */
export function concatenatedSpans(text: string): Array<[number, number]> | undefined {
  const spans: Array<[number, number]> = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (depth === 0) {
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
      if (c !== OPEN_BRACE && c !== OPEN_BRACKET) return undefined;
      start = i;
    }
    if (c === 0x22) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) spans.push([start, i + 1]);
      else if (depth < 0) return undefined;
    }
  }
  return depth === 0 && !inString && spans.length >= 2 ? spans : undefined;
}

/**
 * `<ISO time> <message>` (export task objects, `aws logs tail --format short`) and
 * `<ISO time> <stream> <message>` (`aws logs tail`, detailed).
 */
const TIMESTAMPED = /^(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)\s+(?:([^\s{[]\S*)\s+)?(.*)$/s;

export interface TimestampedLine {
  time: string;
  stream: string | null;
  message: string;
}

export function timestampedLine(line: string): TimestampedLine | undefined {
  if (line.length > 0 && (line.charCodeAt(0) < 0x30 || line.charCodeAt(0) > 0x39)) return undefined;
  const m = TIMESTAMPED.exec(line);
  return m ? { time: m[1]!, stream: m[2] ?? null, message: m[3]! } : undefined;
}
