// Control characters of untrusted text: C0, DEL, C1 and the two Unicode line separators. On a
// terminal they move the cursor or retitle it; in Slack or Markdown they break a line open.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** `s` with every control character replaced by `by` (U+FFFD on terminals, a space in one-line text). */
export function replaceControls(s: string, by: string): string {
  return s.replace(CONTROLS, by);
}
