// Markdown escaping for values that come from the EKS API (names, messages, descriptions).

/** Escapes Markdown/HTML syntax characters and folds newlines: safe inside table cells too. */
export function mdText(value: string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  // Without [ ] no link or image can form, so ( ) ! need no escape; the values never start a line.
  return value.replace(/[\\`*_[\]<>|~&]/g, "\\$&").replace(/\s*\r?\n\s*/g, " ");
}
