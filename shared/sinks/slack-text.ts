// Making untrusted text inert in Slack. Alert text carries event data (user names, resource
// names, messages) that anyone who can call the Kubernetes API or AWS can choose, so it must
// never produce a mention, a link or formatting in the channel. Every event-derived string goes
// through `defang`; those placed in mrkdwn also through `escapeMrkdwn` (and prose through
// `neutralizeFormatting`), and every mrkdwn object is sent with `verbatim: true`. Bidi and
// zero-width characters are shown as `<U+202E>` (render/visible.ts) in every kind of text.
import { defangLinks } from "../render/defang.ts";
import { showHidden } from "../render/visible.ts";

const ZWSP = "\u200b";

/** Slack's three control characters (the only escapes Slack decodes). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Breaks what Slack could turn into a link or a notification: `scheme://host.name/…` becomes
 * `hxxps[:]//host[.]name/…`, `www.x` becomes `www[.]x`, broadcast words (`@channel`, `@here`,
 * `@everyone`) get a zero-width space after the `@`, `mailto:` loses its colon, and Slack's
 * control sequences (`<@U…>`, `<#C…>`, `<!here>`) get a zero-width space after the `<`.
 */
export function defang(text: string): string {
  return defangLinks(showHidden(text))
    .replace(/@(channel|here|everyone)\b/gi, `@${ZWSP}$1`)
    .replace(/<([@#!])/g, `<${ZWSP}$1`);
}

/**
 * Prose outside code: Slack formats `*bold*`, `_italic_`, `~strike~` and `` `code` `` at word
 * boundaries and has no escape for them, so the markers are swapped for look-alikes. An
 * underscore inside a word (`AWSReservedSSO_Developer_abc`) never formats and is kept.
 */
export function neutralizeFormatting(text: string): string {
  return text
    .replace(/\*/g, "\u2217")
    .replace(/~/g, "\u223c")
    .replace(/`/g, "\u02cb")
    .replace(/_/g, (m, at: number, all: string) =>
      isWordChar(all[at - 1]) && isWordChar(all[at + 1]) ? m : "\u02cd",
    );
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}]/u.test(c);
}

/** Untrusted text for a mrkdwn field: inert and escaped. */
export function safeMrkdwn(text: string): string {
  return escapeMrkdwn(neutralizeFormatting(defang(text)));
}

/** Untrusted text inside a mrkdwn code span or block: no formatting applies there, but `<…>` and links still would. */
export function safeCode(text: string): string {
  return escapeMrkdwn(defang(text)).replace(/`/g, "\u02cb");
}

/** Untrusted text for a plain_text object (never parsed for mentions or formatting; defanged anyway). */
export function safePlain(text: string): string {
  return defang(text);
}

/**
 * Cuts `text` to at most `max` characters, ending with `marker`, without splitting an HTML
 * entity (`&amp;`) or a surrogate pair.
 */
export function truncate(text: string, max: number, marker = "… (truncated)"): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - marker.length));
  const amp = cut.lastIndexOf("&");
  if (amp !== -1 && !cut.slice(amp).includes(";")) cut = cut.slice(0, amp);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return cut + marker;
}
