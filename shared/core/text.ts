// Control characters of untrusted text: C0, DEL, C1 and the two Unicode line separators. On a
// terminal they move the cursor or retitle it; in Slack, Markdown or a mail they break a line open.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const CONTROL_RUNS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
/** The same set without the line feed, for multi-line text. */
const CONTROLS_BUT_LF = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * `s` with every control character replaced by `by` (U+FFFD on terminals, a space in one-line
 * text), or by what `by` makes of it (a shell word shows `<U+000A>`).
 */
export function replaceControls(s: string, by: string | ((c: string) => string)): string {
  return typeof by === "string" ? s.replace(CONTROLS, by) : s.replace(CONTROLS, by);
}

/** `s` with each run of control characters replaced by one `by`. */
export function replaceControlRuns(s: string, by: string): string {
  return s.replace(CONTROL_RUNS, by);
}

/** `s` with every control character but the line feed replaced by `by` (multi-line text). */
export function replaceControlsKeepingLines(s: string, by: string): string {
  return s.replace(CONTROLS_BUT_LF, by);
}
