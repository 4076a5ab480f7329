// Cluster globs in routes and silences: `*` is any run of characters, `?` one character,
// everything else literal. Matched without regular expressions, so a hostile name or pattern
// cannot make matching slower than linear-times-stars.

/** True when `text` matches `pattern` as a whole. */
export function globMatches(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    const c = pattern[p];
    if (c === "?" || (c !== undefined && c !== "*" && c === text[t])) {
      p++;
      t++;
    } else if (c === "*") {
      star = p++;
      resume = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === "*") p++;
  return p === pattern.length;
}
