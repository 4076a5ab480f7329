// Which remediation model an alert was rendered from. The alert JSON carries remediation as
// Markdown (the contract); renderers in the same process (Slack, the terminal) read the model
// instead of parsing that Markdown back. An alert read back from JSON has no model: its
// Markdown is then shown as untrusted text, line by line.
import type { Alert } from "../types.ts";
import { paragraph, value, type Remediation } from "./remediation.ts";

const MODELS = new WeakMap<Alert, Remediation>();
/**
 * The latest models by their Markdown, so that a copy of an alert (parsed back from the JSON it
 * was sent as, in the same process) finds its model too. Bounded: the oldest go first.
 */
const BY_MARKDOWN = new Map<string, Remediation>();
const REMEMBERED = 256;

/** The alert, remembered as rendered from `doc`; its `remediation` must be `toMarkdown(doc)`. */
export function withRemediation<A extends Alert>(alert: A, doc: Remediation): A {
  MODELS.set(alert, doc);
  BY_MARKDOWN.delete(alert.remediation);
  BY_MARKDOWN.set(alert.remediation, doc);
  if (BY_MARKDOWN.size > REMEMBERED) BY_MARKDOWN.delete(BY_MARKDOWN.keys().next().value!);
  return alert;
}

/**
 * The model `alert` was rendered from; without one (`fallback` not given), its Markdown as
 * untrusted text, a paragraph per line.
 */
export function remediationOf(alert: Alert): Remediation;
export function remediationOf<F>(alert: Alert, fallback: F): Remediation | F;
export function remediationOf(alert: Alert, ...fallback: unknown[]): unknown {
  const doc = MODELS.get(alert) ?? BY_MARKDOWN.get(alert.remediation);
  if (doc) return doc;
  if (fallback.length > 0) return fallback[0];
  return { blocks: alert.remediation.split(/\r?\n/).filter((l) => l.trim() !== "").map((l) => paragraph([value(l)])) };
}
