// Markdown escaping for values that come from the EKS API (names, messages, descriptions).
import { mdEscape } from "../render/markdown.ts";
import { showHidden } from "../render/visible.ts";

/** Escapes Markdown/HTML syntax characters and folds newlines: safe inside table cells too. */
export function mdText(value: string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  // Without [ ] no link or image can form, so ( ) ! need no escape; the values never start a line.
  // Lines folded by splitting, not by /\s*\n\s*/ (quadratic on long runs of blanks).
  const lines = mdEscape(showHidden(value)).split(/\r?\n/);
  return lines.length === 1 ? lines[0]! : lines.map((l, i) => (i === 0 ? l.trimEnd() : i === lines.length - 1 ? l.trimStart() : l.trim())).filter((l, i) => i === 0 || l !== "").join(" ");
}
