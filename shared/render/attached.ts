// Which remediation model an alert was rendered from. The alert JSON carries remediation as
// Markdown (the contract); renderers in the same process (Slack, the terminal) read the model
// instead of parsing that Markdown back. An alert read back from JSON has no model: its
// Markdown is then shown as untrusted text, line by line.
import type { Alert } from "../types.ts";
import { toMarkdown } from "./markdown.ts";
import { paragraph, value, type Remediation } from "./remediation.ts";

const MODELS = new WeakMap<Alert, Remediation>();

/** The alert, remembered as rendered from `doc` (its `remediation` must be `toMarkdown(doc)`). */
export function withRemediation<A extends Alert>(alert: A, doc: Remediation): A {
  MODELS.set(alert, doc);
  return alert;
}

export function remediationOf(alert: Alert): Remediation {
  const doc = MODELS.get(alert);
  if (doc && alert.remediation === toMarkdown(doc)) return doc;
  return { blocks: alert.remediation.split(/\r?\n/).filter((l) => l.trim() !== "").map((l) => paragraph([value(l)])) };
}
