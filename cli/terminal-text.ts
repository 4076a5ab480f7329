import { replaceControls } from "../shared/core/text.ts";
import { showHidden } from "../shared/render/visible.ts";

/**
 * Text from events or AWS APIs shown on a terminal: control characters (ANSI/OSC escapes,
 * line breaks) become U+FFFD, so a value cannot move the cursor, recolor or retitle it; bidi
 * and zero-width characters are shown as `<U+202E>`, so it cannot reorder or hide what is shown.
 */
export function inert(s: string): string {
  return replaceControls(showHidden(s), "\ufffd");
}
