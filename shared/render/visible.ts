// Characters that change how text around them is shown without being seen themselves: bidi
// controls (an ARN can read backwards, a command can hide its tail) and zero-width characters
// (a name can look like another). Every renderer of event text shows them as `<U+202E>`
// instead, so a reader sees that something is there; deleting them would hide the attempt.

const HIDDEN = /[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;

function codePoint(ch: string): string {
  return `<U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}>`;
}

/** Bidi controls and zero-width characters as visible `<U+XXXX>` placeholders. */
export function showHidden(text: string): string {
  return text.replace(HIDDEN, codePoint);
}

/** True when `text` has a character `showHidden` would replace. */
export function hasHidden(text: string): boolean {
  HIDDEN.lastIndex = 0;
  const found = HIDDEN.test(text);
  HIDDEN.lastIndex = 0;
  return found;
}
