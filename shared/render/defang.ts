// Links in event text must not be clickable where a person reads it (Slack, SNS and e-mail
// bodies, Markdown, the HTML report): `https://evil.example/p` becomes
// `hxxps[:]//evil[.]example/p`, `www.evil.example` becomes `www[.]evil[.]example`, `mailto:`
// loses its colon, `a@evil.example` becomes `a[@]evil[.]example` (mail clients link bare
// addresses). The tool's own reference links are built separately and stay live.

/** Event text with every URL-looking part made unclickable (idempotent). */
export function defangLinks(text: string): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]{0,20}):\/\/([^\s/?#`]*)/gi, (_m, scheme: string, host: string) => {
      const s = scheme.replace(/^http/i, (h) => (h[0] === "H" ? "HXXP" : "hxxp"));
      return `${s}[:]//${host.replace(/\./g, "[.]")}`;
    })
    .replace(/\bwww\.[^\s/?#`]*/gi, (m) => m.replace(/\./g, "[.]"))
    .replace(/\bmailto:/gi, (m) => `${m.slice(0, 6)}[:]`)
    // Anchored on the "@" (one character looked back at), so a long run without one stays linear.
    .replace(/(?<=[a-z0-9._%+-])@([a-z0-9-]+(?:\.[a-z0-9-]+)+)/gi, (_m, host: string) => `[@]${host.replace(/\./g, "[.]")}`);
}
