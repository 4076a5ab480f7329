// The sweep function: delivers what closed windows still owe, for any rule.
import { DeliveryIncompleteError, pendingAgeBySink } from "../../shared/delivery/index.ts";
import { ALL_RULES } from "../../shared/rules/index.ts";
import { scanOwed } from "../../shared/store/dynamo-scan.ts";
import { deliverWithin, SAFETY_MARGIN_MS } from "./batch.ts";
import type { Run } from "./handler.ts";
import { pendingAge, deliveryLog } from "./observability.ts";
import { sendSilenceSummaries } from "../../shared/delivery/silence-summaries.ts";
import type { SourceSilenceSummary } from "./sweep-source-silence.ts";

/** Scheduled: report every window that still owes something (closed with unsent counts, or never sent). */
export const runSweep: Run<unknown> = {
  rules: ALL_RULES,
  listOwed: scanOwed,
  async handle(_event, rt, ctx) {
    // audit-source-silent first, so that what it opens goes out in this sweep's pending pass.
    let source: SourceSilenceSummary | null = null;
    if (ctx.settings.sourceActivity) {
      try {
        // Loaded on first use: the CloudWatch clients stay out of the sweep's cold start (budget).
        const { sweepSourceSilence } = await import("./sweep-source-silence.ts");
        source = await sweepSourceSilence(rt, ctx, ctx.settings.sourceActivity, ctx.account);
      } catch (e) {
        rt.logger.error("source activity not read; the next sweep tries again", { reason: (e as Error).message });
      }
    }
    const now = rt.clock.now();
    const due = await rt.store.pending(now);
    const report = await deliverWithin(rt, ctx, due, now);
    pendingAge(rt.metrics, pendingAgeBySink(report, rt.sinks.map((s) => s.name), rt.clock.now()));
    // Silences that ended leave one summary each of what they held back.
    const summaries = rt.silenceRegistry
      ? await sendSilenceSummaries(rt.silenceRegistry, rt.clock.now(), {
          sinks: rt.sinks,
          routes: rt.config.routes,
          clock: rt.clock,
          log: deliveryLog(rt.logger),
          retry: { deadlineMs: rt.clock.now() + Math.max(0, ctx.remainingMs() - SAFETY_MARGIN_MS) },
        })
      : { sent: [], failed: [] };
    if (summaries.failed.length > 0) rt.logger.warn("silence summaries not delivered; the next sweep retries them", { failed: summaries.failed.length });
    // Sinks with state of their own (Security Hub archives the findings of closed windows). What
    // one leaves unfinished is still there at the next sweep, so it is logged, not retried here.
    let swept = 0;
    for (const sink of rt.sinks) {
      if (!sink.sweep) continue;
      try {
        swept += (await sink.sweep(now)).done;
      } catch (e) {
        rt.logger.error("sink sweep unfinished; the next sweep continues it", { sink: sink.name, reason: (e as Error).message });
      }
    }
    rt.logger.info("sweep done", { owed: due.length, alertsSent: report.sent.length, heldElsewhere: report.skipped, swept, silenceSummaries: summaries.sent.length, ...(source ? { sourceActivity: source } : {}) });
    if (report.failures.length > 0) throw new DeliveryIncompleteError(report.failures);
    return { owed: due.length, alertsSent: report.sent.length, silenceSummaries: summaries.sent.length };
  },
};
