import { replaceControls } from "../shared/core/text.ts";

/**
 * Text from events or AWS APIs shown on a terminal: control characters (ANSI/OSC escapes,
 * line breaks) become U+FFFD, so a value cannot move the cursor, recolor or retitle it.
 */
export function inert(s: string): string {
  return replaceControls(s, "\ufffd");
}
