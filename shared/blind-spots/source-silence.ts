// When an EKS cluster's audit log stops arriving. A busy API server writes thousands of audit
// events an hour, so a log group that was receiving events and then receives none for
// `quietMs` means the pipeline broke (logging turned off, the group's subscription cut, the
// cluster gone). Judged from CloudWatch's IncomingLogEvents sums per log group, read by the
// sweep: each verdict is derived from that history alone, so a missed or repeated sweep
// repeats the same finding (same record id) and the store counts it once.
import type { Finding } from "../types.ts";

/** IncomingLogEvents of one log group: sums per period, by period start (CloudWatch omits empty periods). */
export interface LogGroupActivity {
  logGroup: string;
  cluster: string;
  account: string | null;
  region: string | null;
  periodMs: number;
  buckets: ReadonlyArray<{ startMs: number; events: number }>;
}

export interface SourceSilenceSettings {
  /** No events for this long after events were seen: silent (default 30 minutes). */
  quietMs: number;
}

export const DEFAULT_QUIET_MS = 30 * 60_000;

export type SourceVerdict =
  /** Events within the last `quietMs`, and no gap of `quietMs` before them in the history. */
  | { state: "flowing" }
  /** No event in the history at all: logging off or a new cluster (not this detector's to judge). */
  | { state: "idle" }
  /** Events stopped: the last one ended at `lastEventEndMs`; silent from `silentFromMs`. */
  | { state: "silent"; lastEventEndMs: number; silentFromMs: number }
  /** Events again after a gap of at least `quietMs` that began at `silentFromMs`. */
  | { state: "resumed"; silentFromMs: number; resumedAtMs: number; gapMs: number };

/** Reads the history of one group at `nowMs`. */
export function sourceVerdict(a: LogGroupActivity, nowMs: number, s: SourceSilenceSettings): SourceVerdict {
  const withEvents = a.buckets.filter((b) => b.events > 0 && b.startMs <= nowMs).sort((x, y) => x.startMs - y.startMs);
  if (withEvents.length === 0) return { state: "idle" };
  const last = withEvents[withEvents.length - 1]!;
  const lastEnd = last.startMs + a.periodMs;
  if (nowMs - lastEnd >= s.quietMs) return { state: "silent", lastEventEndMs: lastEnd, silentFromMs: lastEnd + s.quietMs };
  // Flowing now: did it come back from a gap the history still shows? The newest such gap counts.
  for (let i = withEvents.length - 1; i > 0; i--) {
    const before = withEvents[i - 1]!.startMs + a.periodMs;
    const gap = withEvents[i]!.startMs - before;
    if (gap >= s.quietMs) return { state: "resumed", silentFromMs: before + s.quietMs, resumedAtMs: withEvents[i]!.startMs, gapMs: gap };
  }
  return { state: "flowing" };
}

/**
 * The findings the current histories call for: one when a group goes silent, one when it
 * resumes. Their record ids name the moment, so a sweep that sees the same history again
 * produces the same findings and nothing is counted twice.
 */
export function sourceSilenceFindings(groups: readonly LogGroupActivity[], nowMs: number, s: SourceSilenceSettings): Finding[] {
  const out: Finding[] = [];
  for (const a of groups) {
    const v = sourceVerdict(a, nowMs, s);
    if (v.state !== "silent" && v.state !== "resumed") continue;
    const key = [a.account ?? "-", a.region ?? "-", "audit-source-silent", a.cluster, v.state].join("|");
    const at = v.state === "silent" ? v.silentFromMs : v.resumedAtMs;
    out.push({
      rule: "audit-source-silent",
      severity: v.state === "silent" ? "high" : "info",
      dedupKey: key,
      timeMs: at,
      recordId: `${key}|${at}`,
      cluster: a.cluster,
      account: a.account,
      region: a.region,
      actor: null,
      facts:
        v.state === "silent"
          ? { state: "silent", logGroup: a.logGroup, lastEventBefore: new Date(v.lastEventEndMs).toISOString(), quietMinutes: Math.round(s.quietMs / 60_000) }
          : {
              state: "resumed",
              logGroup: a.logGroup,
              silentFrom: new Date(v.silentFromMs).toISOString(),
              gapMinutes: Math.round(v.gapMs / 60_000),
              quietMinutes: Math.round(s.quietMs / 60_000),
            },
      knownIssues: [],
    });
  }
  return out;
}
