import type { AuditorConfig } from "./config.ts";
import { contentHash } from "./sources/json.ts";
import { addonUpdatesWith, matchRules, type RuleSet } from "./rules/registry.ts";
import { addonStateKey, type AddonState } from "./core/addon-state.ts";
import { awsNodeAssociationChange, cloudTrailPlacement } from "./rules/predicates.ts";
import type { RuleContext } from "./rules/rule.ts";
import type { CloudTrailEvent, Finding, NormalizedEvent } from "./types.ts";

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

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * "The same record" (README "Windows and delivery"): the same id *and* the same content
 * fingerprint. An id alone can be chosen by a client (a request's `Audit-ID`), and a record that
 * shares it with another but differs in content must still count.
 */
export function recordIdentity(e: NormalizedEvent): string {
  return e.fingerprint === undefined ? e.recordId : `${e.recordId}#${e.fingerprint}`;
}

/** Orders events by event time, then identity: replays agree whatever the input order. */
export function byTimeThenId(a: NormalizedEvent, b: NormalizedEvent): number {
  return a.timeMs - b.timeMs || compare(a.recordId, b.recordId) || compare(recordIdentity(a), recordIdentity(b));
}

/** Of two copies of one record, keep the one that knows more about where it happened. */
function placementScore(e: NormalizedEvent): number {
  return (e.cluster ? 4 : 0) + (e.account ? 2 : 0) + (e.region ? 1 : 0);
}

/** Copies with equal scores but different placements: pick by value, never by input order. */
function preferred(a: NormalizedEvent, b: NormalizedEvent): NormalizedEvent {
  const d = placementScore(a) - placementScore(b);
  if (d !== 0) return d > 0 ? a : b;
  const key = (e: NormalizedEvent): string => `${e.cluster ?? ""}\u0000${e.account ?? ""}\u0000${e.region ?? ""}`;
  const byPlace = compare(key(a), key(b));
  if (byPlace !== 0) return byPlace < 0 ? a : b;
  return compare(contentHash(a.record) ?? "", contentHash(b.record) ?? "") <= 0 ? a : b;
}

/**
 * Drops repeated records (same `recordIdentity`), keeping the copy with the most placement, and
 * returns the survivors in event-time order. `seen` carries ids across batches when given.
 */
export function uniqueInTimeOrder(
  events: readonly NormalizedEvent[],
  seen: Set<string> = new Set(),
): { events: NormalizedEvent[]; duplicates: number } {
  const best = new Map<string, NormalizedEvent>();
  let duplicates = 0;
  for (const e of events) {
    const id = recordIdentity(e);
    if (seen.has(id)) {
      duplicates++;
      continue;
    }
    const prev = best.get(id);
    if (prev) duplicates++;
    best.set(id, prev ? preferred(prev, e) : e);
  }
  for (const id of best.keys()) seen.add(id);
  return { events: [...best.values()].sort(byTimeThenId), duplicates };
}

/** How far past its receive time an event may be dated (clock skew) before it is implausible. */
export const ALLOWED_FUTURE_SKEW_MS = 5 * 60_000;

/**
 * Bounds each event's time by when it was received (the Lambda's invocation time, replay's
 * `--now`): a record dated in the future — a forged or skewed stageTimestamp — would otherwise open
 * a window that holds its key silent until then. Past the allowed skew an event counts as
 * implausible and is taken as happening at `receivedAtMs`. Pure: the caller reads the clock.
 */
export function boundEventTimes(
  events: readonly NormalizedEvent[],
  receivedAtMs: number,
  skewMs = ALLOWED_FUTURE_SKEW_MS,
): { events: NormalizedEvent[]; implausible: number } {
  let implausible = 0;
  const out = events.map((e) => {
    if (e.timeMs <= receivedAtMs + skewMs) return e;
    implausible++;
    return { ...e, timeMs: receivedAtMs };
  });
  return { events: out, implausible };
}

/**
 * An association for kube-system/aws-node is what makes a failed AssumeRoleForPodIdentity in that
 * cluster aws-node's (credentials-denied): kept as the vpc-cni state's `pod-identity` feature.
 */
function podIdentityLearned(event: CloudTrailEvent, states: ReadonlyMap<string, AddonState>): Array<{ key: string; state: AddonState }> {
  const change = awsNodeAssociationChange(event.record);
  if (change === undefined) return [];
  const where = cloudTrailPlacement(event);
  const key = addonStateKey(where.account, where.region, where.cluster, "vpc-cni");
  const prev = states.get(key);
  const others = (prev?.features ?? []).filter((f) => f !== "pod-identity");
  return [{ key, state: { version: prev?.version ?? null, features: change ? [...others, "pod-identity"] : others, timeMs: event.timeMs } }];
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
      for (const update of [...addonUpdatesWith(rules, event, ctx), ...podIdentityLearned(event, states)]) {
        states.set(update.key, update.state);
        changed.add(update.key);
      }
    }
  }
  return { findings, addonStates: states, changedAddonKeys: [...changed], duplicates: unique.duplicates, matched };
}
