import type { RuleSet } from "./registry.ts";
import type { Alert, Facts, FoldedAlert } from "../types.ts";
import { withRemediation } from "../render/attached.ts";
import { toMarkdown } from "../render/markdown.ts";
import { neutral } from "../render/neutral.ts";

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Event-derived strings (user, resource and role names, messages, where) made inert before
 * the title and remediation are written from them: one line, no backticks, hidden characters
 * visible, links defanged (render/neutral.ts). The alert's facts keep the raw values.
 */
const oneLine = neutral;

function inert(folded: FoldedAlert): FoldedAlert {
  const facts: Facts = {};
  for (const [k, v] of Object.entries(folded.facts)) {
    if (typeof v === "string") facts[k] = oneLine(v);
    else if (Array.isArray(v)) facts[k] = v.map((x) => (typeof x === "string" ? oneLine(x) : x));
    else if (v !== null && typeof v === "object") facts[k] = Object.fromEntries(Object.entries(v).map(([n, c]) => [oneLine(n), c]));
    else facts[k] = v;
  }
  const place = (s: string | null): string | null => (s === null ? null : oneLine(s));
  return { ...folded, cluster: place(folded.cluster), account: place(folded.account), region: place(folded.region), facts };
}

/** The contract's alert JSON for a folded window (README "Alert JSON"), keys in contract order. */
export function renderAlert(rules: RuleSet, folded: FoldedAlert): Alert {
  const rule = rules.byId(folded.rule);
  if (!rule) throw new Error(`unknown rule id "${folded.rule}" in stored alert`);
  const rendered = rule.render(folded);
  // Title and remediation are markdown read by people and Slack: event text goes in inert.
  const text = rule.render(inert(folded));
  return withRemediation({
    rule: folded.rule,
    severity: folded.severity,
    title: text.title,
    cluster: folded.cluster,
    account: folded.account,
    region: folded.region,
    dedupKey: folded.dedupKey,
    count: folded.count,
    firstSeen: iso(folded.firstSeenMs),
    lastSeen: iso(folded.lastSeenMs),
    facts: rendered.facts ?? folded.facts,
    knownIssues: folded.knownIssues,
    remediation: toMarkdown(text.remediation),
    references: rendered.references ?? rule.references,
    samples: folded.samples,
  }, text.remediation);
}

/** Stable report order: oldest first, then rule and key. */
export function byFirstSeen(a: Alert, b: Alert): number {
  return (
    a.firstSeen.localeCompare(b.firstSeen) || a.rule.localeCompare(b.rule) || a.dedupKey.localeCompare(b.dedupKey)
  );
}
