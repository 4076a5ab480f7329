// The alert JSON as SNS carries it: inert (no live link, no hidden text, yet it parses back to
// exactly the alert) and shrunk only when it would not fit the room it is given.
import type { Alert } from "../types.ts";

/**
 * JSON lets any character be written as `\uXXXX`: the slashes of `scheme://`, the dot of
 * `www.`, the colon of `mailto:` and every bidi or zero-width character are written that way,
 * so mail clients find no link and a reader sees `\u202e`.
 */
export function inertJsonText(json: string): string {
  return json
    .replace(/[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(/:\/\//g, ":\\u002f\\u002f")
    .replace(/\b(www)\./gi, "$1\\u002e")
    .replace(/\b(mailto):/gi, "$1\\u003a");
}

/** `inertJsonText` of an alert; its `references` (the tool's own links) stay live. */
export function inertJson(alert: Alert): string {
  const json = JSON.stringify(alert);
  // Quotes inside strings are escaped, so this key and value cannot be forged by event text.
  const refs = `"references":${JSON.stringify(alert.references)},"samples":`;
  const at = json.indexOf(refs);
  if (at < 0) return inertJsonText(json);
  return inertJsonText(json.slice(0, at)) + refs + inertJsonText(json.slice(at + refs.length));
}

/** Bytes a string takes inside the `MessageStructure: json` envelope (quoted and escaped). */
export const envelopeBytes = (s: string): number => Buffer.byteLength(JSON.stringify(s));

/**
 * The alert JSON within `maxBytes` as `measure` counts it (default: plain bytes): whole when it
 * fits, else without facts and extra samples, else every string capped (the second, tighter
 * cap always fits: SNS refuses a message that is too big, and the alert would be lost there).
 */
export function fitAlertJson(alert: Alert, maxBytes: number, measure: (s: string) => number = Buffer.byteLength): string {
  const json = inertJson(alert);
  if (measure(json) <= maxBytes) return json;
  const lean: Alert = { ...alert, facts: { truncated: true }, samples: alert.samples.slice(0, 5) };
  const leanJson = inertJson(lean);
  if (measure(leanJson) <= maxBytes) return leanJson;
  let capped = "";
  for (const [remediationMax, stringMax] of [[50_000, 1_000], [2_000, 200]] as const) {
    capped = inertJsonText(
      JSON.stringify(lean, (key, v: unknown) => {
        const max = key === "remediation" ? remediationMax : stringMax;
        return typeof v === "string" && v.length > max ? `${v.slice(0, max)}… (truncated)` : v;
      }),
    );
    if (measure(capped) <= maxBytes) break;
  }
  return capped;
}
