// A loopback CloudWatch + CloudWatch Logs peer for the blind-spot reader: DescribeLogGroups
// (JSON 1.1, paginated) and GetMetricData (JSON 1.0, paginated), answering from a world of log
// groups and IncomingLogEvents sums. Real SDK clients talk to it through `endpoint`.
import { startLoopbackServer, type LoopbackServer, type RecordedRequest } from "./http-server.ts";

export interface MetricsWorld {
  /** Log group name → IncomingLogEvents sums by period start (epoch ms). */
  groups: Record<string, Record<number, number>>;
  /**
   * Per member account (as eks-world.ts's STS hands out `AKIAW<account>` keys): that account's
   * groups, chosen by the request's SigV4 access key; other keys see `groups`.
   */
  accounts?: Record<string, Record<string, Record<number, number>>>;
  /** Page sizes, small so that tests exercise pagination. */
  logGroupsPerPage: number;
  resultsPerPage: number;
}

export interface MetricsPeer extends LoopbackServer {
  world: MetricsWorld;
  calls(target: string): RecordedRequest[];
}

const json = (body: unknown, type: string) => ({ status: 200, headers: { "content-type": type }, body: JSON.stringify(body) });

export async function startMetricsPeer(world: MetricsWorld): Promise<MetricsPeer> {
  const server = await startLoopbackServer((req) => {
    const target = String(req.headers["x-amz-target"] ?? "");
    const input = JSON.parse(req.body || "{}") as Record<string, any>;
    const account = /Credential=AKIAW(\d{12})\//.exec(String(req.headers.authorization ?? ""))?.[1];
    const groups = (account && world.accounts?.[account]) || world.groups;
    if (target === "Logs_20140328.DescribeLogGroups") {
      const names = Object.keys(groups)
        .filter((n) => n.startsWith(input.logGroupNamePrefix ?? ""))
        .sort();
      const start = Number(input.nextToken ?? 0);
      const page = names.slice(start, start + world.logGroupsPerPage);
      const next = start + page.length < names.length ? String(start + page.length) : undefined;
      return json({ logGroups: page.map((logGroupName) => ({ logGroupName })), nextToken: next }, "application/x-amz-json-1.1");
    }
    if (target === "GraniteServiceVersion20100801.GetMetricData") {
      const from = input.StartTime * 1000;
      const to = input.EndTime * 1000;
      const results = (input.MetricDataQueries as any[]).map((q) => {
        const group = q.MetricStat.Metric.Dimensions.find((d: any) => d.Name === "LogGroupName").Value as string;
        const points = Object.entries(groups[group] ?? {})
          .map(([t, v]) => [Number(t), v] as const)
          .filter(([t]) => t >= from && t < to)
          .sort((a, b) => b[0] - a[0]); // CloudWatch's default: newest first
        return { Id: q.Id, Label: "IncomingLogEvents", Timestamps: points.map(([t]) => t / 1000), Values: points.map(([, v]) => v), StatusCode: "Complete" };
      });
      const start = Number(input.NextToken ?? 0);
      const page = results.slice(start, start + world.resultsPerPage);
      const next = start + page.length < results.length ? String(start + page.length) : undefined;
      return json({ MetricDataResults: page, NextToken: next, Messages: [] }, "application/x-amz-json-1.0");
    }
    return { status: 400, headers: { "content-type": "application/x-amz-json-1.1" }, body: JSON.stringify({ __type: "UnknownOperationException" }) };
  });
  return Object.assign(server, {
    world,
    calls: (target: string) => server.requests.filter((r) => String(r.headers["x-amz-target"] ?? "").endsWith(`.${target}`)),
  });
}
