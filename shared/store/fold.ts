import { SAMPLE_LIMIT, SET_LIMIT } from "../core/limits.ts";
import { isObject } from "../core/object.ts";
import { worseSeverity } from "../core/severity.ts";
import type { Facts, Finding, FoldedAlert } from "../types.ts";


function union(a: string[], b: string[]): string[] {
  if (a.length >= SET_LIMIT || b.every((x) => a.includes(x))) return a;
  const seen = new Set(a);
  const out = a.slice();
  for (const x of b) {
    if (out.length >= SET_LIMIT) break;
    if (!seen.has(x)) (seen.add(x), out.push(x));
  }
  return out;
}

function addCounters(a: { [k: string]: number }, b: { [k: string]: number }): { [k: string]: number } {
  const out = { ...a };
  for (const [k, n] of Object.entries(b)) out[k] = (out[k] ?? 0) + n;
  return out;
}

/**
 * Merges facts by shape: arrays are sets (union), number maps are counters (added),
 * scalars come from whichever side is newer.
 */
export function mergeFacts(older: Facts, newer: Facts): Facts {
  const out: Facts = { ...older };
  for (const [k, v] of Object.entries(newer)) {
    const prev = out[k];
    if (Array.isArray(v) && Array.isArray(prev)) out[k] = union(prev, v);
    else if (isObject(v) && prev !== undefined && isObject(prev)) out[k] = addCounters(prev, v);
    else out[k] = v;
  }
  return out;
}

/** The alert a single finding opens, with a window [t, t + windowMs). */
export function openAlert(f: Finding, windowMs: number): FoldedAlert {
  return {
    rule: f.rule,
    dedupKey: f.dedupKey,
    cluster: f.cluster,
    account: f.account,
    region: f.region,
    severity: f.severity,
    count: 1,
    firstSeenMs: f.timeMs,
    lastSeenMs: f.timeMs,
    newestMs: f.timeMs,
    windowStartMs: f.timeMs,
    windowEndMs: f.timeMs + windowMs,
    facts: f.facts,
    knownIssues: f.knownIssues,
    samples: [f.recordId],
  };
}

/**
 * Folds two partial states of the same key and window. Commutative and associative in
 * everything the contract shows (counts, sets, counters, first/last seen, newest facts),
 * so batches can be folded in any order and still agree.
 */
export function foldAlerts(a: FoldedAlert, b: FoldedAlert): FoldedAlert {
  const [older, newer] = b.newestMs >= a.newestMs ? [a, b] : [b, a];
  return {
    ...newer,
    cluster: newer.cluster ?? older.cluster,
    account: newer.account ?? older.account,
    region: newer.region ?? older.region,
    severity: worseSeverity(a.severity, b.severity),
    count: a.count + b.count,
    firstSeenMs: Math.min(a.firstSeenMs, b.firstSeenMs),
    lastSeenMs: Math.max(a.lastSeenMs, b.lastSeenMs),
    newestMs: newer.newestMs,
    windowStartMs: Math.min(a.windowStartMs, b.windowStartMs),
    windowEndMs: Math.min(a.windowStartMs, b.windowStartMs) === a.windowStartMs ? a.windowEndMs : b.windowEndMs,
    facts: mergeFacts(older.facts, newer.facts),
    knownIssues: union(older.knownIssues, newer.knownIssues),
    samples: union(a.samples, b.samples).slice(0, SAMPLE_LIMIT),
  };
}

/** Folds one finding into an alert of the same key (the finding lies in, or before, its window). */
export function foldFinding(alert: FoldedAlert, f: Finding): FoldedAlert {
  const single = openAlert(f, alert.windowEndMs - alert.windowStartMs);
  return foldAlerts(alert, { ...single, windowStartMs: alert.windowStartMs, windowEndMs: alert.windowEndMs });
}
