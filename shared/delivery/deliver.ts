// Delivery that loses nothing (README "Windows and delivery"): for each window that owes a
// report, take its lease, send to each sink that still needs it, mark each sink's send, then
// mark the window reported, and give the lease back. A sink that keeps failing leaves the
// window pending (the caller fails the invocation so Lambda retries); a retry sends only to the
// sinks that did not take it. Webhooks and SNS have no exactly-once: a crash between a send and
// its mark can repeat that one message, and the gap is logged.

import type { DedupStore, DueAlert } from "../store/store.ts";
import { accepts, type AlertSink } from "../sinks/sink.ts";
import type { Alert, FoldedAlert } from "../types.ts";
import type { Clock, DeliveryLog } from "./clock.ts";
import { sendWithRetry, type RetryPolicy } from "./retry.ts";

export interface DeliveryContext {
  store: DedupStore;
  sinks: readonly AlertSink[];
  /** Folded window → contract alert (render/alert.ts `toAlert`). */
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
}

export interface SentMessage {
  sink: string;
  dedupKey: string;
  windowStartMs: number;
  kind: "open" | "update";
  count: number;
}

export interface DeliveryFailure {
  dedupKey: string;
  windowStartMs: number;
  sink: string | null;
  reason: string;
}

export interface DeliveryReport {
  sent: SentMessage[];
  failures: DeliveryFailure[];
  /** Windows another sender holds (or that no longer owe anything). */
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

/** Whether `sink` still owes this window a message, and which. */
function sinkNeeds(sink: AlertSink, due: DueAlert): { kind: "open" | "update"; previouslyReported: number } | undefined {
  if (!accepts(sink, due.alert.severity)) return undefined;
  const sent = due.sent[sink.name] ?? 0;
  if (sent === 0) return { kind: "open", previouslyReported: 0 };
  return due.closed && sent < due.alert.count ? { kind: "update", previouslyReported: sent } : undefined;
}

export async function deliverDue(dues: readonly DueAlert[], ctx: DeliveryContext): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: [], failures: [], skipped: 0 };
  for (const candidate of uniqueWindows(dues)) {
    const { dedupKey, windowStartMs } = candidate.alert;
    const fail = (sink: string | null, reason: string) => report.failures.push({ dedupKey, windowStartMs, sink, reason });
    // Near the deadline no new window starts: a send cut off by the timeout could be repeated.
    if (ctx.clock.now() >= ctx.retry.deadlineMs) {
      fail(null, NO_TIME_LEFT);
      continue;
    }
    let due: DueAlert | undefined;
    try {
      due = await ctx.store.claim(dedupKey, windowStartMs, { owner: ctx.owner, untilMs: ctx.leaseUntilMs, nowMs: ctx.clock.now() }, ctx.asOfMs);
    } catch (e) {
      fail(null, `claim failed: ${(e as Error).message}`);
      continue;
    }
    if (!due) {
      report.skipped++;
      ctx.log.debug("window held by another sender or already reported", { dedupKey, windowStartMs });
      continue;
    }
    try {
      await deliverWindow(due, ctx, report, fail);
    } finally {
      await ctx.store.release(dedupKey, windowStartMs, ctx.owner).catch((e: unknown) => {
        // The lease runs out by itself at the invocation's deadline.
        ctx.log.warn("could not release the send lease", { dedupKey, windowStartMs, reason: (e as Error).message });
      });
    }
  }
  return report;
}

async function deliverWindow(
  due: DueAlert,
  ctx: DeliveryContext,
  report: DeliveryReport,
  fail: (sink: string | null, reason: string) => void,
): Promise<void> {
  const { dedupKey, windowStartMs, count } = due.alert;
  let alert: Alert;
  try {
    alert = ctx.render(due.alert);
  } catch (e) {
    fail(null, `render failed: ${(e as Error).message}`);
    return;
  }
  const reached: number[] = [];
  let complete = true;
  for (const sink of ctx.sinks) {
    if (!accepts(sink, due.alert.severity)) continue;
    const need = sinkNeeds(sink, due);
    if (!need) {
      reached.push(due.sent[sink.name] ?? 0);
      continue;
    }
    if (ctx.clock.now() >= ctx.retry.deadlineMs) {
      complete = false;
      fail(sink.name, NO_TIME_LEFT);
      continue;
    }
    const outcome = await sendWithRetry(sink, { alert, ...need }, ctx.clock, ctx.retry, ctx.log);
    if (!outcome.ok) {
      complete = false;
      fail(sink.name, outcome.error.message);
      ctx.log.error("alert not delivered; it stays pending for the next attempt", {
        sink: sink.name,
        dedupKey,
        windowStartMs,
        reason: outcome.error.message,
        retryable: outcome.error.retryable,
      });
      continue;
    }
    report.sent.push({ sink: sink.name, dedupKey, windowStartMs, kind: need.kind, count });
    try {
      await ctx.store.markSent(dedupKey, windowStartMs, count, sink.name);
    } catch (e) {
      complete = false;
      fail(sink.name, `sent but not recorded: ${(e as Error).message}`);
      ctx.log.error("alert sent but not recorded as sent; a retry may repeat this one message", { sink: sink.name, dedupKey, windowStartMs, count });
      continue;
    }
    reached.push(count);
    ctx.log.info("alert sent", { sink: sink.name, dedupKey, windowStartMs, kind: need.kind, count, attempts: outcome.attempts });
  }
  if (!complete) return;
  // What every sink has now: the window's settled count (all of it when no sink takes this severity).
  const reported = reached.length > 0 ? Math.min(...reached) : count;
  if (reported > due.previouslyReported) {
    try {
      await ctx.store.markSent(dedupKey, windowStartMs, reported);
    } catch (e) {
      fail(null, `sent but not recorded: ${(e as Error).message}`);
    }
  }
}
