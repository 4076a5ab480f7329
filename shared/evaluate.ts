import type { AuditorConfig } from "./config.ts";
import { addonUpdatesWith, matchRules, type RuleSet } from "./rules/registry.ts";
import type { AddonState } from "./core/addon-state.ts";
import type { RuleContext } from "./rules/rule.ts";
import type { Finding, NormalizedEvent } from "./types.ts";

export interface EvaluateResult {
  findings: Finding[];
  /** Add-on states after the batch (input states updated in event-time order). */
  addonStates: Map<string, AddonState>;
  /** Keys whose add-on state this batch changed: what the caller must save. */
  changedAddonKeys: string[];
  /** Events dropped because their record id was already seen (at-least-once delivery). */
  duplicates: number;
  /** Events that produced at least one finding. */
  matched: number;
}

/** Orders events by event time, then record id: replays agree whatever the input order. */
export function byTimeThenId(a: NormalizedEvent, b: NormalizedEvent): number {
  return a.timeMs - b.timeMs || (a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0);
}

/** Of two copies of one record, keep the one that knows more about where it happened. */
function placementScore(e: NormalizedEvent): number {
  return (e.cluster ? 4 : 0) + (e.account ? 2 : 0) + (e.region ? 1 : 0);
}

/**
 * Drops repeated records (same record id), keeping the copy with the most placement, and
 * returns the survivors in event-time order. `seen` carries ids across batches when given.
 */
export function uniqueInTimeOrder(
  events: readonly NormalizedEvent[],
  seen: Set<string> = new Set(),
): { events: NormalizedEvent[]; duplicates: number } {
  const best = new Map<string, NormalizedEvent>();
  let duplicates = 0;
  for (const e of events) {
    if (seen.has(e.recordId)) {
      duplicates++;
      continue;
    }
    const prev = best.get(e.recordId);
    if (prev) duplicates++;
    if (!prev || placementScore(e) > placementScore(prev)) best.set(e.recordId, e);
  }
  for (const id of best.keys()) seen.add(id);
  return { events: [...best.values()].sort(byTimeThenId), duplicates };
}

/**
 * Runs every rule over the events in event-time order. Pure: add-on state comes in as a
 * map and goes out updated, so `fromVersion` is right within and across batches.
 */
export function evaluateWith(
  rules: RuleSet,
  events: readonly NormalizedEvent[],
  config: AuditorConfig,
  addonStates: ReadonlyMap<string, AddonState> = new Map(),
  seen?: Set<string>,
): EvaluateResult {
  const unique = uniqueInTimeOrder(events, seen);
  const states = new Map(addonStates);
  const changed = new Set<string>();
  const ctx: RuleContext = { config, addonState: (key) => states.get(key) };
  const findings: Finding[] = [];
  let matched = 0;
  for (const event of unique.events) {
    const found = matchRules(rules, event, ctx);
    if (found.length > 0) matched++;
    findings.push(...found);
    // Add-on state follows every successful add-on call, even when its alert is disabled
    // or allow-listed, so `fromVersion` never goes stale.
    if (event.source === "cloudtrail") {
      for (const update of addonUpdatesWith(rules, event, ctx)) {
        states.set(update.key, update.state);
        changed.add(update.key);
      }
    }
  }
  return { findings, addonStates: states, changedAddonKeys: [...changed], duplicates: unique.duplicates, matched };
}
