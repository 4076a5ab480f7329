import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTIVITY_PERIOD_MS, readSourceActivity } from "../../../functions/lambda/source-activity.ts";
import { sourceSilenceFindings } from "../../../shared/blind-spots/source-silence.ts";
import { startMetricsPeer, type MetricsPeer } from "../../helpers/peers/cloudwatch.ts";

const P = ACTIVITY_PERIOD_MS;
const NOW = Date.parse("2026-12-03T12:00:00Z");
const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" };

/** Sums for the last `n` periods before NOW; `pattern[i]` for period i (oldest first): "#" events. */
function sums(pattern: string): Record<number, number> {
  const first = NOW - pattern.length * P;
  return Object.fromEntries([...pattern].flatMap((c, i) => (c === "#" ? [[first + i * P, 900]] : [])));
}

describe("readSourceActivity against loopback CloudWatch and CloudWatch Logs (real SDK clients)", () => {
  let peer: MetricsPeer;
  let clients: { logs: CloudWatchLogsClient; metrics: CloudWatchClient };

  beforeAll(async () => {
    const groups: Record<string, Record<number, number>> = {
      "/aws/eks/busy/cluster": sums("########################"),
      "/aws/eks/broken/cluster": sums("##############.........."),
      "/aws/eks/back/cluster": sums("######........##########"),
      "/aws/eks/off/cluster": {},
      "/aws/eks/busy/other-group": sums("########################"),
    };
    for (let i = 0; i < 7; i++) groups[`/aws/eks/fleet-${i}/cluster`] = sums("########################");
    peer = await startMetricsPeer({ groups, logGroupsPerPage: 4, resultsPerPage: 3 });
    const common = { region: "eu-west-1", endpoint: peer.url, credentials, maxAttempts: 1 };
    clients = { logs: new CloudWatchLogsClient(common), metrics: new CloudWatchClient(common) };
  });
  afterAll(async () => {
    clients.logs.destroy();
    clients.metrics.destroy();
    await peer.close();
  });

  it("lists every control-plane group across pages, reads their sums across pages, and finds the silent and the resumed", async () => {
    const activity = await readSourceActivity(clients, { account: "111122223333", region: "eu-west-1" }, NOW);
    expect(activity.map((a) => a.cluster).sort()).toEqual(
      ["back", "broken", "busy", "fleet-0", "fleet-1", "fleet-2", "fleet-3", "fleet-4", "fleet-5", "fleet-6", "off"].sort(),
    );
    expect(peer.calls("DescribeLogGroups").length).toBe(3); // 12 groups, 4 a page
    expect(peer.calls("GetMetricData").length).toBe(4); // 11 queries, 3 results a page
    const broken = activity.find((a) => a.cluster === "broken")!;
    expect(broken.buckets).toHaveLength(14);
    expect(activity.find((a) => a.cluster === "off")!.buckets).toEqual([]);

    const findings = sourceSilenceFindings(activity, NOW, { quietMs: 30 * 60_000 });
    expect(findings.map((f) => `${f.cluster}:${f.facts.state}`).sort()).toEqual(["back:resumed", "broken:silent"]);
  });

  it("asks for the IncomingLogEvents sum of each group by its LogGroupName, 5-minute periods, over six hours", async () => {
    const body = JSON.parse(peer.calls("GetMetricData")[0]!.body) as Record<string, any>;
    expect(body.MetricDataQueries[0].MetricStat).toEqual({
      Metric: { Namespace: "AWS/Logs", MetricName: "IncomingLogEvents", Dimensions: [{ Name: "LogGroupName", Value: "/aws/eks/back/cluster" }] },
      Period: 300,
      Stat: "Sum",
    });
    expect((body.EndTime - body.StartTime) * 1000).toBe(6 * 60 * 60_000);
  });
});
