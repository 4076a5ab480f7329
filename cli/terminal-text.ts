/**
 * Text from events or AWS APIs shown on a terminal: control characters (ANSI/OSC escapes,
 * line breaks) become U+FFFD, so a value cannot move the cursor, recolor or retitle it.
 */
export function inert(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, "\ufffd");
}
