// The sweep's part of silences: a silence that ended (its `until` passed, or it was expired)
// leaves one summary of what it held back, sent to every sink that takes it (routes apply);
// per sink, so a failed sink is retried by the next sweep alone and the others get it once.
import { routeAlert, type Route } from "../routing/routes.ts";
import { silenceEndedAlert, type SilenceRecord } from "../routing/silence-summary.ts";
import type { HeldBack } from "../routing/silences.ts";
import { accepts, type AlertSink } from "../sinks/sink.ts";
import type { Clock, DeliveryLog } from "./clock.ts";
import { sendWithRetry, type RetryPolicy } from "./retry.ts";

export interface SilenceRegistry {
  list(): Promise<SilenceRecord[]>;
  tallies(ids: readonly string[]): Promise<ReadonlyMap<string, HeldBack & { keysCapped?: boolean }>>;
  markSummarized(id: string, sinks: readonly string[]): Promise<void>;
}

export interface SummaryContext {
  sinks: readonly AlertSink[];
  routes: readonly Route[];
  clock: Clock;
  retry: RetryPolicy;
  log: DeliveryLog;
}

export interface SummaryReport {
  sent: Array<{ silence: string; sink: string }>;
  failed: Array<{ silence: string; sink: string; reason: string }>;
}

/** Sends the summaries owed at `nowMs`. */
export async function sendSilenceSummaries(registry: SilenceRegistry, nowMs: number, ctx: SummaryContext): Promise<SummaryReport> {
  const report: SummaryReport = { sent: [], failed: [] };
  const names = ctx.sinks.map((s) => s.name);
  const ended = (await registry.list()).filter((s) => Date.parse(s.until) <= nowMs);
  const owing = ended.filter((s) => s.summarizedTo === undefined || names.some((n) => !s.summarizedTo!.includes(n)));
  if (owing.length === 0) return report;
  const tallies = await registry.tallies(owing.map((s) => s.id));
  for (const s of owing) {
    const held = tallies.get(s.id);
    const alert = silenceEndedAlert(s, held, held?.keysCapped ? held.keys.length : undefined);
    const routed = routeAlert(ctx.routes, alert, names).sinks;
    const takers = ctx.sinks.filter((k) => routed.includes(k.name) && accepts(k, alert.severity));
    const done = new Set(s.summarizedTo ?? []);
    const reached: string[] = [];
    for (const sink of takers.filter((k) => !done.has(k.name))) {
      const out = await sendWithRetry(sink, { alert, kind: "open", previouslyReported: 0 }, ctx.clock, ctx.retry, ctx.log);
      if (out.ok) reached.push(sink.name), report.sent.push({ silence: s.id, sink: sink.name });
      else report.failed.push({ silence: s.id, sink: sink.name, reason: out.error.message });
    }
    // Sinks that do not take it count as done: the summary is owed only where it can go.
    const settled = names.filter((n) => !takers.some((k) => k.name === n));
    const add = [...reached, ...settled].filter((n) => !done.has(n));
    if (add.length > 0) await registry.markSummarized(s.id, add);
    ctx.log.info("silence summary", { silence: s.id, heldBack: held?.events ?? 0, sinks: reached });
  }
  return report;
}
