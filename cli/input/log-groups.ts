// `replay --log-group NAME` / `--log-group-prefix /aws/eks/`: pulls with FilterLogEvents. For an
// EKS cluster's group the rules' own subscription filter pattern goes with the request, so the
// service filters and only candidate events travel; other groups are read whole. The time
// range is cut into slices read in parallel, each paginated to its end.
import { paginateDescribeLogGroups, paginateFilterLogEvents, type CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { clusterFromLogGroup } from "../../shared/core/log-group.ts";
import { at, newContext } from "../../shared/sources/context.ts";
import { decodeLogEventsOutput } from "../../shared/sources/cloudwatch-logs.ts";
import { statsOf, type StreamStats } from "../../shared/stream/decode-stream.ts";
import { mapLimit, type InputSource } from "./source.ts";

export interface LogGroupRead {
  client: CloudWatchLogsClient;
  sinceMs: number;
  untilMs: number;
  /** The pattern for an EKS cluster's log group (`/aws/eks/NAME/cluster`); null: none. */
  clusterPattern: string | null;
  /** The region read: what these events happened in. */
  region: string | null;
  /** Requests in flight per group. */
  parallel?: number;
}

const HOUR = 3_600_000;
const MAX_SLICES = 8;

/** [since, until) in up to 8 slices of at least an hour, as inclusive [start, end] ms bounds. */
export function timeSlices(sinceMs: number, untilMs: number): Array<[number, number]> {
  const n = Math.max(1, Math.min(MAX_SLICES, Math.ceil((untilMs - sinceMs) / HOUR)));
  const step = Math.ceil((untilMs - sinceMs) / n);
  const out: Array<[number, number]> = [];
  for (let a = sinceMs; a < untilMs; a += step) out.push([a, Math.min(a + step, untilMs) - 1]);
  return out;
}

/** The groups named, then those under each prefix (DescribeLogGroups, paginated), each once. */
export async function logGroupNames(client: CloudWatchLogsClient, names: readonly string[], prefixes: readonly string[]): Promise<string[]> {
  const out = new Set(names);
  for (const prefix of prefixes) {
    for await (const page of paginateDescribeLogGroups({ client }, { logGroupNamePrefix: prefix })) {
      for (const g of page.logGroups ?? []) if (g.logGroupName) out.add(g.logGroupName);
    }
  }
  return [...out];
}

export function logGroupSource(group: string, read: LogGroupRead): InputSource {
  const name = `logs:${group}`;
  return {
    name,
    async read(hooks) {
      const cluster = clusterFromLogGroup(group) ?? null;
      const pattern = cluster !== null ? read.clusterPattern : null;
      const slices = timeSlices(read.sinceMs, read.untilMs);
      const parts = await mapLimit(slices, read.parallel ?? 4, async ([startTime, endTime], s): Promise<StreamStats> => {
        const ctx = newContext(name, { cluster, account: null, region: read.region }, hooks.prefilters);
        let drained = 0;
        let bytes = 0;
        let page = 0;
        const input = { logGroupName: group, startTime, endTime, ...(pattern ? { filterPattern: pattern } : {}) };
        for await (const out of paginateFilterLogEvents({ client: read.client }, input)) {
          page++;
          const events = out.events ?? [];
          let pageBytes = 0;
          for (const e of events) pageBytes += (e.message?.length ?? 0) + 64;
          bytes += pageBytes;
          hooks.onBytes?.(pageBytes);
          decodeLogEventsOutput(ctx, { events }, at(`slice ${s + 1}`, `page ${page}`));
          for (const e of ctx.events) hooks.onEvent(e);
          drained += ctx.events.length;
          ctx.events.length = 0;
        }
        return statsOf(ctx, drained, bytes);
      });
      return merge(parts);
    },
  };
}

function merge(parts: readonly StreamStats[]): StreamStats {
  const total: StreamStats = { records: 0, events: 0, skipped: 0, skippedBy: {}, filtered: 0, rejections: [], bytes: 0 };
  for (const p of parts) {
    total.records += p.records;
    total.events += p.events;
    total.skipped += p.skipped;
    for (const [why, n] of Object.entries(p.skippedBy)) total.skippedBy[why] = (total.skippedBy[why] ?? 0) + n;
    total.filtered += p.filtered;
    total.rejections.push(...p.rejections);
    total.bytes += p.bytes;
  }
  return total;
}
