// `noSubresource`: the request is on the object itself (the top-level objectRef has no
// subresource). Whether a subresource key belongs to the top-level objectRef, and not to an
// object nested in a request body, is structure, so the exact answer comes from JSON.parse.
// A shortcut answers the common case from objectRef's own text: when the message holds a
// single `objectRef` key (spelled without escapes), that key is the top-level one if there is
// one at all — and a trigger that also names resources rejects a record without it anyway.
import { isObject } from "../core/object.ts";
import { mayHideKey } from "./json-fields.ts";

const OBJECT_REF_VALUE = /objectRef"[ \t\n\r]*:[ \t\n\r]*\{/g;
const KEY_CHARS: ReadonlySet<number> = new Set([..."objectRefsubresource"].map((c) => c.charCodeAt(0)));

/** False only when the record (as the decoder validates it) has objectRef.subresource. */
export function hasNoSubresource(raw: string, triggerNamesResources: boolean): boolean {
  if (triggerNamesResources) {
    const quick = fromObjectRefText(raw);
    if (quick !== undefined) return quick;
  }
  let record: unknown;
  try {
    record = JSON.parse(raw);
  } catch {
    return true; // kept, so the decoder reports it
  }
  const ref = isObject(record) ? record.objectRef : undefined;
  return absentSubresource(ref);
}

/** Validation drops a null field; a non-object objectRef gets the record rejected (kept here). */
function absentSubresource(ref: unknown): boolean {
  if (typeof ref !== "object" || ref === null || Array.isArray(ref)) return true;
  const sub = (ref as { subresource?: unknown }).subresource;
  return sub === undefined || sub === null;
}

function fromObjectRefText(raw: string): boolean | undefined {
  const first = raw.indexOf('objectRef"');
  if (first === -1 || raw.indexOf('objectRef"', first + 1) !== -1) return undefined;
  OBJECT_REF_VALUE.lastIndex = first;
  const m = OBJECT_REF_VALUE.exec(raw);
  if (m === null || m.index !== first) return undefined;
  // The first "}" closes objectRef when it is flat (it always is in audit events); if it
  // does not (a nested object, a "}" in a string), the slice does not parse.
  const open = m.index + m[0].length - 1;
  const close = raw.indexOf("}", open);
  if (close === -1) return undefined;
  let ref: unknown;
  try {
    ref = JSON.parse(raw.slice(open, close + 1));
  } catch {
    return undefined;
  }
  if (mayHideKey(raw, KEY_CHARS)) return undefined; // another objectRef key may be spelled escaped
  return absentSubresource(ref);
}

// The same question on a message still escaped inside the payload text (`\"objectRef\":{…}`),
// for the candidate scan: true only when the text proves the top-level objectRef has a
// subresource, so a candidate whose triggers all want none can be passed over unparsed.
const OBJECT_REF_KEY = 'objectRef\\"';
const OBJECT_REF_FIELD = '\\"objectRef\\":{';
const SUBRESOURCE_KEY = 'subresource\\"';
const PLAIN_SUBRESOURCE = /\\"subresource\\":\\"[^\\"]*\\"/y;

/** Whether `message` — JSON-escaped, as in the payload — surely has objectRef.subresource. */
export function escapedHasSubresource(message: string): boolean {
  // One objectRef key, one subresource key, each spelled plainly (an escaped spelling would
  // have made the scan take the event anyway): the first is the top-level objectRef.
  const sub = onlyOccurrence(message, SUBRESOURCE_KEY); // first: most candidates have none
  if (sub === -1 || !startsMember(message, sub - 2)) return false;
  const ref = onlyOccurrence(message, OBJECT_REF_KEY);
  if (ref === -1 || !startsMember(message, ref - 2) || !message.startsWith(OBJECT_REF_FIELD, ref - 2)) return false;
  // Inside objectRef's braces with no object opened before it: the key is objectRef's own.
  const open = ref - 2 + OBJECT_REF_FIELD.length;
  const close = message.indexOf("}", open);
  if (close === -1 || sub < open || sub > close || message.slice(open, sub).includes("{")) return false;
  PLAIN_SUBRESOURCE.lastIndex = sub - 2;
  return PLAIN_SUBRESOURCE.test(message) && PLAIN_SUBRESOURCE.lastIndex <= close;
}

/**
 * The `\"` at `quote` opens a key, as Go writes members: right after `{` or `,`. (After a
 * backslash it would be the end of an escaped quote inside a longer key: `\"\\\"subresource`.)
 */
function startsMember(message: string, quote: number): boolean {
  const before = message.charCodeAt(quote - 1);
  return (before === 0x7b || before === 0x2c) /* { or , */ && message.startsWith('\\"', quote);
}

/** The index of `needle`'s single occurrence in `text`, or -1 (none or several). */
function onlyOccurrence(text: string, needle: string): number {
  const first = text.indexOf(needle);
  return first !== -1 && text.indexOf(needle, first + 1) === -1 ? first : -1;
}
