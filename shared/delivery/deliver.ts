// Delivery that loses nothing (README "Windows and delivery"). Each sink is delivered on its
// own: its own pass over the windows it still owes, oldest first, its own lease per window,
// its own marks, and an equal share of its time left per window, so a failing window cannot
// starve the ones after it and a dead sink (a hanging Slack) never delays a healthy one (SNS).
// Once every sink that takes a window's severity has it, the window is marked reported. A
// sink that keeps failing leaves the window pending for the next attempt or the sweep.
// Webhooks and SNS have no exactly-once: a crash between a send and its mark can repeat that
// one message, and the gap is logged.

import type { DedupStore, DueAlert } from "../store/store.ts";
import { severityRose } from "../store/owed.ts";
import { accepts, type AlertSink } from "../sinks/sink.ts";
import { routeAlert, type Route } from "../routing/routes.ts";
import type { Alert, FoldedAlert, Severity } from "../types.ts";
import type { Clock, DeliveryLog } from "./clock.ts";
import { sendWithRetry, type RetryPolicy } from "./retry.ts";

export interface DeliveryContext {
  store: DedupStore;
  sinks: readonly AlertSink[];
  /** Folded window → contract alert (rules/alert.ts `toAlert`). */
  render(folded: FoldedAlert): Alert;
  clock: Clock;
  log: DeliveryLog;
  /** Lease owner: unique per invocation attempt. */
  owner: string;
  /**
   * Windows ending at or before this count as closed (updates due). Event handlers pass 0: a
   * window closes when a newer one opens; the scheduled sweep passes the wall clock.
   */
  asOfMs: number;
  /** When the lease runs out: the invocation's own deadline. */
  leaseUntilMs: number;
  /** Retry policy; its deadline is the invocation's deadline minus a safety margin. */
  retry: RetryPolicy;
  /** Which sinks each window goes to (settings `routes`); absent or empty: every sink. */
  routes?: readonly Route[];
}

export interface SentMessage {
  sink: string;
  dedupKey: string;
  windowStartMs: number;
  kind: "open" | "update";
  count: number;
  /** A "resolved" message (the key went quiet; routes' `sendResolved`). */
  resolved?: boolean;
}

export interface DeliveryFailure {
  dedupKey: string;
  windowStartMs: number;
  sink: string | null;
  reason: string;
  /** When what is still owed became due (wall-clock estimate from event time), for the pending-age metric. */
  owedSinceMs: number;
}

export interface DeliveryReport {
  sent: SentMessage[];
  failures: DeliveryFailure[];
  /** Windows (per sink) another sender holds, or that no longer owe anything. */
  skipped: number;
}

const NO_TIME_LEFT = "no time left in this invocation; it stays pending for the retry";

const windowId = (d: DueAlert) => `${d.alert.dedupKey}\u0000${d.alert.windowStartMs}`;

/** One entry per window, keeping the first seen (the list may join apply's and pending's). */
export function uniqueWindows(dues: readonly DueAlert[]): DueAlert[] {
  const seen = new Map<string, DueAlert>();
  for (const d of dues) if (!seen.has(windowId(d))) seen.set(windowId(d), d);
  return [...seen.values()];
}

/**
 * Whether `sink` takes this window at all: routed to it, and of its severity or worse. A sink
 * the routes do not name for a window owes it nothing, so the window settles without it.
 */
export function takes(sink: AlertSink, alert: FoldedAlert, ctx: Pick<DeliveryContext, "routes" | "sinks">): boolean {
  if (!accepts(sink, alert.severity)) return false;
  if (!ctx.routes || ctx.routes.length === 0) return true;
  return routeAlert(ctx.routes, alert, ctx.sinks.map((s) => s.name)).sinks.includes(sink.name);
}

/** Whether `sink`'s route asks for a "resolved" message once this alert's key goes quiet. */
export function wantsResolved(sink: AlertSink, alert: FoldedAlert, ctx: Pick<DeliveryContext, "routes" | "sinks">): boolean {
  if (!ctx.routes || ctx.routes.length === 0) return false;
  return routeAlert(ctx.routes, alert, ctx.sinks.map((s) => s.name)).resolvedTo.includes(sink.name);
}

/** Oldest first: the window owed longest goes out first, whatever order the store listed. */
const oldestFirst = (a: DueAlert, b: DueAlert): number => owedSince(a) - owedSince(b) || (windowId(a) < windowId(b) ? -1 : 1);

/** When the window started owing: its start for an open, its end for the update of a closed one. */
export function owedSince(d: DueAlert): number {
  return d.kind === "update" && d.closed ? d.alert.windowEndMs : d.alert.windowStartMs;
}

/** Whether `sink` still owes this window a message, and which. */
export function sinkNeeds(
  sink: AlertSink,
  due: DueAlert,
): { kind: "open" | "update"; previouslyReported: number; risenFrom?: Severity; resolved?: boolean } | undefined {
  if (!accepts(sink, due.alert.severity)) return undefined;
  const sent = due.sent[sink.name] ?? 0;
  // Quiet for a whole window: one message with the final count (it carries any unsent events too).
  const resolved = due.resolve?.includes(sink.name) === true;
  if (sent === 0) return { kind: "open", previouslyReported: 0 };
  if (sent >= due.alert.count) return resolved ? { kind: "update", previouslyReported: sent, resolved } : undefined;
  const rose = severityRose(due.alert.severity, due.sentSeverity[sink.name]);
  if (due.closed) return { kind: "update", previouslyReported: sent, ...(resolved ? { resolved } : {}) };
  return rose ? { kind: "update", previouslyReported: sent, risenFrom: due.sentSeverity[sink.name]! } : undefined;
}

/** What one sink's pass found for a window: the count it has, or that it is not settled. */
type SinkOutcome = { has: number } | "unsettled";

export async function deliverDue(dues: readonly DueAlert[], ctx: DeliveryContext): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: [], failures: [], skipped: 0 };
  const windows = uniqueWindows(dues).sort(oldestFirst);
  const outcomes = new Map<string, Map<string, SinkOutcome>>(windows.map((d) => [windowId(d), new Map()]));
  await Promise.all(ctx.sinks.map((sink) => deliverToSink(sink, windows, ctx, report, outcomes)));
  for (const d of windows) await settle(d, ctx, report, outcomes.get(windowId(d))!);
  return report;
}

async function deliverToSink(
  sink: AlertSink,
  windows: readonly DueAlert[],
  ctx: DeliveryContext,
  report: DeliveryReport,
  outcomes: Map<string, Map<string, SinkOutcome>>,
): Promise<void> {
  const owing: DueAlert[] = [];
  for (const d of windows) {
    if (!takes(sink, d.alert, ctx)) continue;
    if (sinkNeeds(sink, d)) owing.push(d);
    else outcomes.get(windowId(d))!.set(sink.name, { has: d.sent[sink.name] ?? 0 });
  }
  for (let i = 0; i < owing.length; i++) {
    const candidate = owing[i]!;
    const { dedupKey, windowStartMs } = candidate.alert;
    const outcome = outcomes.get(windowId(candidate))!;
    const fail = (reason: string, since = owedSince(candidate)) => {
      outcome.set(sink.name, "unsettled");
      report.failures.push({ dedupKey, windowStartMs, sink: sink.name, reason, owedSinceMs: since });
    };
    const now = ctx.clock.now();
    // Near the deadline no new send starts: one cut off by the timeout could be repeated.
    if (now >= ctx.retry.deadlineMs) {
      fail(NO_TIME_LEFT);
      continue;
    }
    let due: DueAlert | undefined;
    try {
      due = await ctx.store.claim(dedupKey, windowStartMs, { owner: ctx.owner, untilMs: ctx.leaseUntilMs, nowMs: now }, ctx.asOfMs, sink.name);
    } catch (e) {
      fail(`claim failed: ${(e as Error).message}`);
      continue;
    }
    if (!due) {
      outcome.set(sink.name, "unsettled");
      report.skipped++;
      ctx.log.debug("window held by another sender or already reported", { sink: sink.name, dedupKey, windowStartMs });
      continue;
    }
    try {
      // This window's share of the sink's time left: the windows after it get theirs too.
      const share = (ctx.retry.deadlineMs - now) / (owing.length - i);
      await sendOne(sink, due, ctx, report, outcome, { ...ctx.retry, deadlineMs: now + share }, (reason) => fail(reason, owedSince(due)));
    } finally {
      await ctx.store.release(dedupKey, windowStartMs, ctx.owner, sink.name).catch((e: unknown) => {
        // The lease runs out by itself at the invocation's deadline.
        ctx.log.warn("could not release the send lease", { sink: sink.name, dedupKey, windowStartMs, reason: (e as Error).message });
      });
    }
  }
}

async function sendOne(
  sink: AlertSink,
  due: DueAlert,
  ctx: DeliveryContext,
  report: DeliveryReport,
  outcome: Map<string, SinkOutcome>,
  retry: RetryPolicy,
  fail: (reason: string) => void,
): Promise<void> {
  const { dedupKey, windowStartMs, count, severity } = due.alert;
  const need = sinkNeeds(sink, due);
  if (!need) {
    outcome.set(sink.name, { has: due.sent[sink.name] ?? 0 });
    return;
  }
  let alert: Alert;
  try {
    alert = ctx.render(due.alert);
  } catch (e) {
    fail(`render failed: ${(e as Error).message}`);
    return;
  }
  const sent = await sendWithRetry(sink, { alert, ...need, windowEndMs: due.alert.windowEndMs }, ctx.clock, retry, ctx.log);
  if (!sent.ok) {
    fail(sent.error.message);
    ctx.log.error("alert not delivered; it stays pending for the next attempt", {
      sink: sink.name,
      dedupKey,
      windowStartMs,
      reason: sent.error.message,
      retryable: sent.error.retryable,
    });
    return;
  }
  report.sent.push({ sink: sink.name, dedupKey, windowStartMs, kind: need.kind, count, ...(need.resolved ? { resolved: true } : {}) });
  try {
    const resolve = need.resolved ? "done" : wantsResolved(sink, due.alert, ctx) ? "owe" : undefined;
    await ctx.store.markSent(dedupKey, windowStartMs, count, sink.name, severity, resolve);
  } catch (e) {
    fail(`sent but not recorded: ${(e as Error).message}`);
    ctx.log.error("alert sent but not recorded as sent; a retry may repeat this one message", { sink: sink.name, dedupKey, windowStartMs, count });
    return;
  }
  outcome.set(sink.name, { has: count });
  ctx.log.info("alert sent", { sink: sink.name, dedupKey, windowStartMs, kind: need.kind, count, attempts: sent.attempts });
}

/**
 * Marks the window reported at what every sink taking its severity has, read from the store's
 * per-sink marks (another invocation may have delivered some sink). Only when this pass sent
 * something, or every taker already had more than was reported.
 */
async function settle(d: DueAlert, ctx: DeliveryContext, report: DeliveryReport, outcome: Map<string, SinkOutcome>): Promise<void> {
  const takers = ctx.sinks.filter((s) => takes(s, d.alert, ctx)).map((s) => s.name);
  const sentNow = report.sent.some((m) => m.dedupKey === d.alert.dedupKey && m.windowStartMs === d.alert.windowStartMs);
  const known = takers.map((t) => outcome.get(t));
  const allHave = known.every((o) => o !== undefined && o !== "unsettled" && o.has > d.previouslyReported);
  // A "resolved" owed to a sink that no longer takes the window (routes changed) is dropped.
  const staleResolve = (d.resolve ?? []).some((s) => !takers.includes(s));
  if (!sentNow && !staleResolve && !(allHave && (takers.length > 0 || d.alert.count > d.previouslyReported))) return;
  try {
    await ctx.store.markReported(d.alert.dedupKey, d.alert.windowStartMs, takers);
  } catch (e) {
    report.failures.push({ dedupKey: d.alert.dedupKey, windowStartMs: d.alert.windowStartMs, sink: null, reason: `sent but not recorded: ${(e as Error).message}`, owedSinceMs: owedSince(d) });
  }
}

/**
 * Per sink, how long (seconds at `nowMs`) the oldest alert it still owes has waited; 0 when it
 * owes nothing. Behind the pending-age alarm: a sink failing for over an hour must be noticed.
 */
export function pendingAgeBySink(report: DeliveryReport, sinks: readonly string[], nowMs: number): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(sinks.map((s) => [s, 0]));
  for (const f of report.failures) {
    for (const s of f.sink === null ? sinks : [f.sink]) {
      out[s] = Math.max(out[s] ?? 0, Math.max(0, Math.floor((nowMs - f.owedSinceMs) / 1000)));
    }
  }
  return out;
}
