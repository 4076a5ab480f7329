import { ruleById } from "../rules/index.ts";
import type { Alert, FoldedAlert } from "../types.ts";

const iso = (ms: number): string => new Date(ms).toISOString();

/** The contract's alert JSON for a folded window (DESIGN "Alert JSON"), keys in contract order. */
export function toAlert(folded: FoldedAlert): Alert {
  const rule = ruleById(folded.rule);
  if (!rule) throw new Error(`unknown rule id "${folded.rule}" in stored alert`);
  const rendered = rule.render(folded);
  return {
    rule: folded.rule,
    severity: folded.severity,
    title: rendered.title,
    cluster: folded.cluster,
    account: folded.account,
    region: folded.region,
    dedupKey: folded.dedupKey,
    count: folded.count,
    firstSeen: iso(folded.firstSeenMs),
    lastSeen: iso(folded.lastSeenMs),
    facts: rendered.facts ?? folded.facts,
    knownIssues: folded.knownIssues,
    remediation: rendered.remediation,
    references: rendered.references ?? rule.references,
    samples: folded.samples,
  };
}

/** Stable report order: oldest first, then rule and key. */
export function byFirstSeen(a: Alert, b: Alert): number {
  return (
    a.firstSeen.localeCompare(b.firstSeen) || a.rule.localeCompare(b.rule) || a.dedupKey.localeCompare(b.dedupKey)
  );
}
