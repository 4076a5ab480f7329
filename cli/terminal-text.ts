import { showHidden } from "../shared/render/visible.ts";

/**
 * Text from events or AWS APIs shown on a terminal: control characters (ANSI/OSC escapes,
 * line breaks) become U+FFFD, so a value cannot move the cursor, recolor or retitle it; bidi
 * and zero-width characters are shown as `<U+202E>`, so it cannot reorder or hide what is shown.
 */
export function inert(s: string): string {
  // eslint-disable-next-line no-control-regex
  return showHidden(s).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, "\ufffd");
}
