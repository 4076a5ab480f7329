import pc from "picocolors";
import { replaceControls } from "../shared/core/text.ts";
import { PLAIN, type TextPaint } from "../shared/render/text.ts";
import { showHidden } from "../shared/render/visible.ts";

/**
 * Text from events or AWS APIs shown on a terminal: control characters (ANSI/OSC escapes,
 * line breaks) become U+FFFD, so a value cannot move the cursor, recolor or retitle it; bidi
 * and zero-width characters are shown as `<U+202E>`, so it cannot reorder or hide what is shown.
 */
export function inert(s: string): string {
  return replaceControls(showHidden(s), "\ufffd");
}

/**
 * How the terminal paints remediation (shared/render/text.ts): every piece inert first, then
 * colors (only these, never an event's); without color, the plain text's backticks and <links>.
 */
export function terminalPaint(color: boolean): TextPaint {
  if (!color) return { ...PLAIN, clean: inert };
  const c = pc.createColors(true);
  return { clean: inert, label: c.bold, strong: c.bold, code: c.cyan, command: c.cyan, href: (s) => c.dim(`<${s}>`) };
}
