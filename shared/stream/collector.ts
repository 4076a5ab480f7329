// What a replay keeps while events stream past: findings and the identities dedup needs, never
// the events. Rules run as each event arrives; the result is what `evaluate` over all events at
// once gives (findings in event-time order whatever the input order), because:
// - a rule's triggers are necessary conditions, so an event no trigger accepts is only counted;
// - the rules that read add-on state (and the events that write it) depend on event-time order,
//   so those few CloudTrail events (add-on and Pod Identity calls) are kept and evaluated at the
//   end, in order, by `evaluate` itself;
// - every other match is pure of its event: its findings are kept per record identity, and a
//   repeated record keeps the copy `evaluate` would keep (the most placement, then by value).
import type { AuditorConfig } from "../config.ts";
import { byTimeThenId, evaluateWith, recordIdentity, ALLOWED_FUTURE_SKEW_MS } from "../evaluate.ts";
import { awsNodeAssociationChange } from "../rules/predicates.ts";
import { matchRules, type RuleSet } from "../rules/registry.ts";
import { auditTriggerAccepts, cloudTrailTriggerAccepts } from "../rules/triggers.ts";
import type { RuleContext } from "../rules/rule.ts";
import { contentHash } from "../sources/json.ts";
import type { Finding, NormalizedEvent } from "../types.ts";

export interface CollectOptions {
  /** Receive time: events dated past it (plus skew) are implausible, taken as at it. */
  nowMs: number;
  /** Only events at or after / before these event times count (`--since/--until`). */
  sinceMs?: number;
  untilMs?: number;
}

export interface Collected {
  /** In the order `evaluate` produces them: by event time, then record identity. */
  findings: Finding[];
  /** Distinct events that reached the rules (duplicates and out-of-range left out). */
  events: number;
  duplicates: number;
  matched: number;
  implausible: number;
  /** Events outside `--since/--until`. */
  outOfRange: number;
}

interface Kept {
  timeMs: number;
  recordId: string;
  identity: string;
  score: number;
  place: string;
  hash: string;
  findings: Finding[];
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const placeKey = (e: NormalizedEvent): string => `${e.cluster ?? ""}\u0000${e.account ?? ""}\u0000${e.region ?? ""}`;
const placementScore = (e: NormalizedEvent): number => (e.cluster ? 4 : 0) + (e.account ? 2 : 0) + (e.region ? 1 : 0);

/** evaluate.ts `preferred`, on what is kept of the earlier copy. */
function newWins(prev: Kept, e: NormalizedEvent, hash: () => string): boolean {
  const d = placementScore(e) - prev.score;
  if (d !== 0) return d > 0;
  const byPlace = compare(placeKey(e), prev.place);
  if (byPlace !== 0) return byPlace < 0;
  return compare(hash(), prev.hash) < 0;
}

/** What is kept of an event no rule could match: its identity, hashed (hash53). */
export function otherIdentity(e: NormalizedEvent): number {
  return hash53(recordIdentity(e));
}

/** Two FNV-1a passes → 53 bits: collisions (≈ n²/2⁵⁴) could only miscount a duplicate. */
function hash53(s: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

export class Collector {
  private readonly kept = new Map<string, Kept>();
  /** Hashed identities of events no rule could match: only for counting duplicates. */
  private readonly seenOthers = new Set<number>();
  /** Events of the order-dependent rules: evaluated at the end, in event-time order. */
  private readonly ordered: NormalizedEvent[] = [];
  private readonly stateful: RuleSet;
  private readonly ctx: RuleContext;
  private events = 0;
  private duplicates = 0;
  private implausible = 0;
  private outOfRange = 0;

  constructor(
    private readonly rules: RuleSet,
    private readonly config: AuditorConfig,
    private readonly opts: CollectOptions,
  ) {
    this.stateful = { rules: rules.rules.filter((r) => r.source === "cloudtrail" && (r.addonStateKeys || r.addonUpdate)), byId: rules.byId };
    // Only stateless rules run on arrival, so no state is ever asked for.
    this.ctx = { config, addonState: () => undefined };
  }

  add(event: NormalizedEvent): void {
    if (this.isCandidate(event)) this.addCandidate(event);
    else this.addOther(otherIdentity(event), event.timeMs);
  }

  /** Whether some rule could match the event (or learn from it): else only counting is kept. */
  isCandidate(e: NormalizedEvent): boolean {
    return this.isOrdered(e) || this.anyTrigger(e);
  }

  private inRange(timeMs: number): boolean {
    const { sinceMs, untilMs } = this.opts;
    if ((sinceMs !== undefined && timeMs < sinceMs) || (untilMs !== undefined && timeMs >= untilMs)) {
      this.outOfRange++;
      return false;
    }
    return true;
  }

  /** An event no rule could match, as its hashed identity (otherIdentity) and time: counted once. */
  addOther(identityHash: number, timeMs: number): void {
    if (!this.inRange(timeMs)) return;
    if (timeMs > this.opts.nowMs + ALLOWED_FUTURE_SKEW_MS) this.implausible++;
    if (this.seenOthers.has(identityHash)) this.duplicates++;
    else {
      this.seenOthers.add(identityHash);
      this.events++;
    }
  }

  addCandidate(event: NormalizedEvent): void {
    if (!this.inRange(event.timeMs)) return;
    let e = event;
    if (e.timeMs > this.opts.nowMs + ALLOWED_FUTURE_SKEW_MS) {
      this.implausible++;
      e = { ...e, timeMs: this.opts.nowMs };
    }
    this.events++;
    if (this.isOrdered(e)) {
      this.ordered.push(e);
      return;
    }
    const identity = recordIdentity(e);
    const prev = this.kept.get(identity);
    let hash: string | undefined;
    const hashOf = (): string => (hash ??= contentHash(e.record) ?? "");
    if (prev) {
      this.duplicates++;
      this.events--;
      if (!newWins(prev, e, hashOf)) return;
    }
    const findings = matchRules(this.rules, e, this.ctx);
    this.kept.set(identity, { timeMs: e.timeMs, recordId: e.recordId, identity, score: placementScore(e), place: placeKey(e), hash: hashOf(), findings });
  }

  finish(): Collected {
    const late = evaluateWith(this.rules, this.ordered, this.config);
    const fromOrdered = this.groupByEvent(late.findings);
    const entries = [...this.kept.values(), ...fromOrdered].sort(
      (a, b) => a.timeMs - b.timeMs || compare(a.recordId, b.recordId) || compare(a.identity, b.identity),
    );
    const findings: Finding[] = [];
    let matched = late.matched;
    for (const k of entries) {
      if (k.identity === "") {
        findings.push(...k.findings);
        continue;
      }
      if (k.findings.length > 0) matched++;
      findings.push(...k.findings);
    }
    return {
      findings,
      events: this.events - late.duplicates,
      duplicates: this.duplicates + late.duplicates,
      matched,
      implausible: this.implausible,
      outOfRange: this.outOfRange,
    };
  }

  /** Findings of the ordered events regrouped per event (they come in event order already). */
  private groupByEvent(findings: Finding[]): Kept[] {
    const out: Kept[] = [];
    for (const f of findings) {
      const last = out.at(-1);
      if (last && last.recordId === f.recordId && last.timeMs === f.timeMs) last.findings.push(f);
      else out.push({ timeMs: f.timeMs, recordId: f.recordId, identity: "", score: 0, place: "", hash: "", findings: [f] });
    }
    return out;
  }

  private anyTrigger(e: NormalizedEvent): boolean {
    const extra = this.config.extraSystemUsers;
    for (const rule of this.rules.rules) {
      if (rule.source === "audit" && e.source === "audit" && auditTriggerAccepts(rule.trigger, e.record, extra)) return true;
      if (rule.source === "cloudtrail" && e.source === "cloudtrail" && rule.triggers.some((t) => cloudTrailTriggerAccepts(t, e.record))) return true;
    }
    return false;
  }

  /** Events the order-dependent rules read or learn from. */
  private isOrdered(e: NormalizedEvent): boolean {
    if (e.source !== "cloudtrail") return false;
    if (awsNodeAssociationChange(e.record) !== undefined) return true;
    return this.stateful.rules.some((r) => r.source === "cloudtrail" && r.triggers.some((t) => cloudTrailTriggerAccepts(t, e.record)));
  }
}

export { byTimeThenId };
