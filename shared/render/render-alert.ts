import { replaceControls } from "../core/text.ts";
import type { RuleSet } from "../rules/registry.ts";
import type { Alert, Facts, FoldedAlert } from "../types.ts";

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Event-derived strings (user, resource and role names, messages, where) made unable to
 * change the markdown they are put in: a line break could start a fake "- **Fix:**" section
 * or close a code fence, a backtick could end a code span. Both become look-alikes.
 */
const oneLine = (s: string): string => replaceControls(s, " ").replace(/`/g, "\u02cb");

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
  return {
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
    remediation: text.remediation,
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
