// HTML escaping: every value that reaches the page goes through `esc` (text and attributes);
// bidi and zero-width characters are shown as `<U+202E>` (render/visible.ts).
import { showHidden } from "../../render/visible.ts";

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function esc(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  return showHidden(String(value)).replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

/** An https link, or plain text for anything else (no javascript:, data:, relative URLs). */
export function link(url: string, text = url): string {
  if (!/^https:\/\/[^\s"'<>]+$/.test(url)) return esc(text);
  return `<a href="${esc(url)}" rel="noopener noreferrer">${esc(text)}</a>`;
}
