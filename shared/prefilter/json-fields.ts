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
 * spelled `"c\u006fde"`, which the patterns above would not see. An escape counts only where
 * a backslash starts one (after an even run of backslashes), so `\\u0063` (an escaped
 * backslash, then the text u0063) is not taken for `c`. Go's encoder only escapes `"`, `\`,
 * control characters, `<`, `>`, `&` and U+2028/9, none of which spell a key, so on real audit
 * logs this is one regex pass that finds nothing.
 */
export function mayHideKey(raw: string, keyChars: ReadonlySet<number>): boolean {
  const pattern = escapesOf(keyChars);
  pattern.lastIndex = 0;
  for (let m = pattern.exec(raw); m !== null; m = pattern.exec(raw)) {
    let run = 0; // backslashes just before this one
    for (let j = m.index - 1; j >= 0 && raw.charCodeAt(j) === 0x5c; j--) run++;
    if (run % 2 === 0) return true;
  }
  return false;
}

// Perf (issue 6): one regex per set of characters, instead of a JavaScript step per backslash.
const escapePatterns = new WeakMap<ReadonlySet<number>, RegExp>();
function escapesOf(keyChars: ReadonlySet<number>): RegExp {
  let pattern = escapePatterns.get(keyChars);
  if (!pattern) {
    const hex = (c: number): string =>
      [...c.toString(16).padStart(4, "0")].map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d)).join("");
    const codes = [...keyChars].map(hex);
    const slash = keyChars.has(0x2f) ? ["\\\\/"] : []; // `\/` is the only other escape of a printable character
    const alternatives = [...(codes.length > 0 ? [`\\\\u(?:${codes.join("|")})`] : []), ...slash];
    pattern = new RegExp(alternatives.length > 0 ? alternatives.join("|") : "(?!)", "g");
    escapePatterns.set(keyChars, pattern);
  }
  return pattern;
}
