// Reads the values of one JSON key from raw JSON text without parsing it, conservatively:
// every real occurrence of `"key"` is found whatever the key order, nesting or whitespace, and
// a value that is spelled with escapes is reported as UNREADABLE (the caller must then keep
// the event). Occurrences that are not real keys (inside other strings) only add values, so
// the reader can say "maybe" too often but never misses a value JSON.parse would see — as
// long as the key itself is written without escapes; `mayHideKey` checks that.

/** A string value spelled with escapes: its text is not read here, so it may be anything. */
export const UNREADABLE = Symbol("unreadable");
export type FieldValue = string | number | typeof UNREADABLE;

const WS = "[ \\t\\n\\r]*";

/**
 * A global regex over `"key" : value` that captures, for a string value, its text up to the
 * first quote or backslash and that terminator (a backslash means escapes follow); for a
 * number, the token. Objects, arrays, true/false/null do not match: rules never accept them.
 */
export function fieldPattern(key: string): RegExp {
  if (!/^[A-Za-z]+$/.test(key)) throw new Error(`fieldPattern: unsupported key ${JSON.stringify(key)}`);
  return new RegExp(`"${key}"${WS}:${WS}(?:"([^"\\\\]*)(["\\\\])|(-?[0-9][0-9.eE+-]*))`, "g");
}

/** True when some occurrence of the pattern's key has a value `accept` takes (or cannot read). */
export function someValue(raw: string, pattern: RegExp, accept: (v: string | number) => boolean): boolean {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(raw); m !== null; m = pattern.exec(raw)) {
    const text = m[1];
    if (text !== undefined) {
      if (m[2] === "\\" || accept(text)) return true; // escaped: could spell an accepted value
    } else if (accept(Number(m[3]))) {
      return true; // Number() reads 403, 403.0 and 4.03e2 alike, as JSON.parse does
    }
  }
  return false;
}

/**
 * True when an escape in `raw` decodes to a character of `keyChars`: then a key could be
 * spelled `"c\u006fde"`, which the patterns above would not see. Escapes are consumed left to
 * right, so `\\u0063` (an escaped backslash, then the text u0063) is not taken for `c`.
 * Go's encoder only escapes `"`, `\`, control characters, `<`, `>`, `&` and U+2028/9, none of
 * which spell a key, so on real audit logs this is one scan that finds nothing.
 */
export function mayHideKey(raw: string, keyChars: ReadonlySet<number>): boolean {
  for (let i = raw.indexOf("\\"); i !== -1; i = raw.indexOf("\\", i + 2)) {
    const next = raw.charCodeAt(i + 1);
    if (next === 0x75 /* u */) {
      const code = Number.parseInt(raw.slice(i + 2, i + 6), 16);
      if (keyChars.has(code)) return true;
      i += 4;
    } else if (next === 0x2f /* / */ && keyChars.has(next)) {
      return true; // `\/` is the only other escape of a printable character
    }
  }
  return false;
}
