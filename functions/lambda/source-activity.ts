// Reads what shared/blind-spots judges: the EKS control-plane log groups of this account and
// region (DescribeLogGroups) and their IncomingLogEvents sums (GetMetricData, up to 500
// groups a call). One metrics call covers a whole region, where an alarm per log group would
// be a resource to create and delete as clusters come and go.
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import type { LogGroupActivity } from "../../shared/blind-spots/source-silence.ts";
import { clusterFromLogGroup } from "../../shared/sources/cluster.ts";

export const ACTIVITY_PERIOD_MS = 5 * 60_000;
/** How far back the sweep looks: long enough to see a 30-minute gap and what came before it. */
export const ACTIVITY_LOOKBACK_MS = 6 * 60 * 60_000;
const QUERIES_PER_CALL = 500;

export interface ActivityClients {
  logs: CloudWatchLogsClient;
  metrics: CloudWatchClient;
}

/** `/aws/eks/<cluster>/cluster` groups of the clients' account and region, with their clusters. */
export async function controlPlaneLogGroups(logs: CloudWatchLogsClient): Promise<Array<{ logGroup: string; cluster: string }>> {
  const out: Array<{ logGroup: string; cluster: string }> = [];
  let nextToken: string | undefined;
  do {
    const page = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/aws/eks/", nextToken }));
    for (const g of page.logGroups ?? []) {
      const cluster = clusterFromLogGroup(g.logGroupName);
      if (g.logGroupName && cluster) out.push({ logGroup: g.logGroupName, cluster });
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

/** IncomingLogEvents per group over [nowMs − lookback, nowMs], in 5-minute sums. */
export async function readSourceActivity(
  clients: ActivityClients,
  where: { account: string | null; region: string | null },
  nowMs: number,
  lookbackMs = ACTIVITY_LOOKBACK_MS,
): Promise<LogGroupActivity[]> {
  const groups = await controlPlaneLogGroups(clients.logs);
  const activity = groups.map((g) => ({ ...g, ...where, periodMs: ACTIVITY_PERIOD_MS, buckets: [] as Array<{ startMs: number; events: number }> }));
  const end = Math.floor(nowMs / ACTIVITY_PERIOD_MS) * ACTIVITY_PERIOD_MS + ACTIVITY_PERIOD_MS;
  for (let from = 0; from < activity.length; from += QUERIES_PER_CALL) {
    const chunk = activity.slice(from, from + QUERIES_PER_CALL);
    const queries: MetricDataQuery[] = chunk.map((g, i) => ({
      Id: `g${from + i}`,
      MetricStat: {
        Metric: { Namespace: "AWS/Logs", MetricName: "IncomingLogEvents", Dimensions: [{ Name: "LogGroupName", Value: g.logGroup }] },
        Period: ACTIVITY_PERIOD_MS / 1000,
        Stat: "Sum",
      },
      ReturnData: true,
    }));
    let nextToken: string | undefined;
    do {
      const page = await clients.metrics.send(
        new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: new Date(end - lookbackMs), EndTime: new Date(end), NextToken: nextToken }),
      );
      for (const r of page.MetricDataResults ?? []) {
        const g = r.Id ? activity[Number(r.Id.slice(1))] : undefined;
        if (!g) continue;
        (r.Timestamps ?? []).forEach((t, i) => g.buckets.push({ startMs: t.getTime(), events: r.Values?.[i] ?? 0 }));
      }
      nextToken = page.NextToken;
    } while (nextToken);
  }
  return activity;
}
