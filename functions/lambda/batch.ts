// The work of one invocation, shared by the event handlers: decoded batch → rules (with add-on
// state from the store) → dedup store → delivery of what is due, and of what earlier attempts
// left pending for the batch's keys. Rejections are counted and logged, never fatal; store and
// sink failures fail the invocation after everything deliverable was tried.

import { createHash, randomUUID } from "node:crypto";
import type { AuditorConfig } from "../../shared/config.ts";
import type { FleetKnowledge } from "../../shared/store/fleet-roles.ts";
import type { DedupStore, DueAlert } from "../../shared/store/store.ts";
import { deliverDue, DeliveryIncompleteError, type Clock, type DeliveryReport } from "../../shared/delivery/index.ts";
import { boundEventTimes, evaluateWith, recordIdentity } from "../../shared/evaluate.ts";
import { addonStateKeysWith, type RuleSet } from "../../shared/rules/registry.ts";
import type { AlertSink } from "../../shared/sinks/sink.ts";
import type { Alert, Finding, FoldedAlert, NormalizedEvent, Rejection } from "../../shared/types.ts";
import { holdBackSilenced, type SilenceLedger } from "../../shared/routing/silencing.ts";
import type { SilenceRegistry } from "../../shared/delivery/silence-summaries.ts";
import { LONGEST_REQUEST_MS } from "./clients.ts";
import { count, deliveryLog, type Observability } from "./observability.ts";

/** Time to record a send (mark it sent, give the lease back) after it ended. */
export const RECORD_RESERVE_MS = 2000;
/**
 * No send starts with less than this left: the longest single request, plus the time to record
 * it. (A margin equal to the Slack timeout let a send started with 5,001 ms left be cut off by
 * the Lambda timeout after Slack took it, and repeated by the retry.)
 */
export const SAFETY_MARGIN_MS = LONGEST_REQUEST_MS + RECORD_RESERVE_MS;
/** `asOfMs` for event handlers: only a newer window closes one. */
const EVENT_TIME_ONLY = 0;
/** Rejections logged one by one per batch; the rest are counted. */
const REJECTIONS_LOGGED = 20;

export interface Runtime extends Observability {
  config: AuditorConfig;
  /** The rules of this function's source (its bundle holds no others). */
  rules: RuleSet;
  /** The CNI roles (attribution), their simulated permissions and aws-node's Pod Identity clusters the last fleet report found, when the store has them. */
  fleetKnowledge?(): Promise<FleetKnowledge>;
  store: DedupStore;
  sinks: readonly AlertSink[];
  clock: Clock;
  render(folded: FoldedAlert): Alert;
  /** Silences in the store (held-back findings are counted there, not sent); cached per container. */
  silences?: SilenceLedger;
  /** The same silences read fresh, for the sweep's end-of-silence summaries. */
  silenceRegistry?: SilenceRegistry;
}

export interface Invocation {
  requestId: string;
  remainingMs(): number;
}

export interface DecodedBatch {
  events: NormalizedEvent[];
  rejections: Rejection[];
  records: number;
  batchId: string | null;
}

/** How an event source wants a batch's outcome (see sqs-batch.ts for the queue's). */
export interface BatchOptions {
  /** The batch each finding came in, when the payload holds several (an SQS batch's messages). */
  batchIdOf?: (finding: Finding) => string;
  /**
   * `fail` (default): a failed send fails the invocation, so Lambda retries it. `pending`: the alert
   * stays pending in the store for the sweep, and the records succeed (a queue would otherwise
   * redeliver, and finally dead-letter, records that are already counted).
   */
  sendFailures?: "fail" | "pending";
}

export interface BatchSummary {
  events: number;
  rejected: number;
  findings: number;
  alertsSent: number;
  /** Sends that failed and stay pending for the sweep (with `sendFailures: "pending"`). */
  leftPending: number;
}

/** A payload without a usable id still needs one that is stable across redeliveries. */
function batchIdOf(batch: DecodedBatch): string {
  if (batch.batchId) return batch.batchId;
  const ids = batch.events.map(recordIdentity).sort();
  return `records:${createHash("sha256").update(ids.join("\n")).digest("hex")}`;
}

function logRejections(rt: Runtime, rejections: readonly Rejection[]): void {
  for (const r of rejections.slice(0, REJECTIONS_LOGGED)) {
    rt.logger.warn("record rejected", { origin: `${r.origin.file} ${r.origin.position}`.trim(), reason: r.reason });
  }
  if (rejections.length > REJECTIONS_LOGGED) {
    rt.logger.warn("more records rejected", { notLogged: rejections.length - REJECTIONS_LOGGED });
  }
}

export async function deliverWithin(rt: Runtime, inv: Invocation, dues: readonly DueAlert[], asOfMs: number): Promise<DeliveryReport> {
  const now = rt.clock.now();
  const remaining = inv.remainingMs();
  const report = await deliverDue(dues, {
    store: rt.store,
    sinks: rt.sinks,
    render: rt.render,
    clock: rt.clock,
    log: deliveryLog(rt.logger),
    asOfMs,
    owner: `${inv.requestId}/${randomUUID().slice(0, 8)}`,
    leaseUntilMs: now + remaining,
    retry: { deadlineMs: now + Math.max(0, remaining - SAFETY_MARGIN_MS) },
    routes: rt.config.routes,
  });
  count(rt.metrics, "AlertsSent", report.sent.length);
  count(rt.metrics, "SinkFailures", report.failures.filter((f) => f.sink !== null).length);
  return report;
}

export async function processBatch(rt: Runtime, batch: DecodedBatch, inv: Invocation, opts: BatchOptions = {}): Promise<BatchSummary> {
  count(rt.metrics, "EventsRead", batch.records);
  count(rt.metrics, "Rejected", batch.rejections.length);
  logRejections(rt, batch.rejections);
  if (batch.events.length === 0) {
    count(rt.metrics, "Matched", 0);
    return { events: 0, rejected: batch.rejections.length, findings: 0, alertsSent: 0, leftPending: 0 };
  }
  // The add-on states this function's rules declare they read or write for the batch.
  const keys = addonStateKeysWith(rt.rules, batch.events);
  const states = keys.length > 0 ? await rt.store.loadAddonStates(keys) : new Map();
  // Event time is bounded by the receive time: a future-dated record cannot hold its key silent.
  const bounded = boundEventTimes(batch.events, rt.clock.now());
  if (bounded.implausible > 0) {
    count(rt.metrics, "ImplausibleTimes", bounded.implausible);
    rt.logger.warn("events dated in the future, taken as received now", { implausible: bounded.implausible });
  }
  const evaluated = evaluateWith(rt.rules, bounded.events, rt.config, states);
  count(rt.metrics, "Matched", evaluated.matched);
  const identity = { batchId: batchIdOf(batch), ...(opts.batchIdOf ? { batchIdOf: opts.batchIdOf } : {}) };
  const silenced = rt.silences ? await holdBackSilenced(rt.silences, evaluated.findings, rt.clock.now(), identity) : { pass: evaluated.findings, held: 0 };
  if (rt.silences) count(rt.metrics, "Silenced", silenced.held);
  const result = { ...evaluated, findings: silenced.pass };
  const dedupKeys = [...new Set(result.findings.map((f) => f.dedupKey))];
  const due = result.findings.length > 0
    ? await rt.store.apply(result.findings, { ...identity, windowMs: rt.config.windowMs, deadlineMs: rt.clock.now() + Math.max(0, inv.remainingMs() - SAFETY_MARGIN_MS) })
    : [];
  // Folded into a window instead of opening one: what dedup kept out of the channel.
  const starts = new Set(result.findings.map((f) => `${f.dedupKey}@${f.timeMs}`));
  const opened = due.filter((d) => d.kind === "open" && starts.has(`${d.alert.dedupKey}@${d.alert.windowStartMs}`)).length;
  count(rt.metrics, "Suppressed", result.findings.length - opened);
  if (result.changedAddonKeys.length > 0) {
    await rt.store.saveAddonStates(new Map(result.changedAddonKeys.map((k) => [k, result.addonStates.get(k)!])));
  }
  // A retried invocation finds nothing new to apply but what its first attempt left pending.
  // Windows close in event time here (a newer window opened); closing by the clock is the sweep's.
  const pending = dedupKeys.length > 0 ? await rt.store.pending(EVENT_TIME_ONLY, dedupKeys) : [];
  const report = await deliverWithin(rt, inv, [...due, ...pending], EVENT_TIME_ONLY);
  rt.logger.info("batch processed", {
    batchRecords: batch.records,
    events: batch.events.length,
    rejected: batch.rejections.length,
    findings: result.findings.length,
    duplicates: result.duplicates,
    alertsSent: report.sent.length,
    heldElsewhere: report.skipped,
  });
  if (report.failures.length > 0 && opts.sendFailures !== "pending") throw new DeliveryIncompleteError(report.failures);
  if (report.failures.length > 0) rt.logger.warn("sends failed; the alerts stay pending for the sweep", { failures: report.failures.length });
  return {
    events: batch.events.length,
    rejected: batch.rejections.length,
    findings: result.findings.length,
    alertsSent: report.sent.length,
    leftPending: report.failures.length,
  };
}
