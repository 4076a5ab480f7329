// Which messages of an audit stream may be CloudTrail records, on raw text. In an audit stream
// (or a payload that names no stream) a message is read as CloudTrail when its parsed object
// has a CloudTrail record's own keys (detectShape in sources/detect.ts: eventSource, eventName,
// or eventVersion with eventID), so the message prefilter and the payload scan, which drop
// messages unparsed and know only the audit rules' triggers, must keep every message that
// could be one: else the Lambda would lose records a replay finds. A key spelled with an escape
// (`"\u0065ventName"`) could hide one, so a `\u00XX` escape of an ASCII character counts too,
// except & < > (Go writes those in every URL). Errs only towards keeping: a kept message that
// is no record costs a parse, nothing more.

/** The keys, as a regex: a quote before and after each, written by the caller. */
export const CLOUDTRAIL_KEY = "event(?:Source|Name|ID)";
/** An escape that may spell a key's character (or its quote). */
export const ASCII_ESCAPE = "\\\\u00(?!26|3[cCeE])[0-7]";

const IN_MESSAGE = new RegExp(`"${CLOUDTRAIL_KEY}"|${ASCII_ESCAPE}`);

/** On a message's own text: false only when it cannot be read as a CloudTrail record. */
export function mayBeCloudTrailMessage(raw: string): boolean {
  return IN_MESSAGE.test(raw);
}
