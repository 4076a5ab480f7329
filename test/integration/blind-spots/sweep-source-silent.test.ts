// The deployed sweep of a central stage (its environment as infra/report.ts sets it): it assumes
// the member role in each configured account (loopback STS of eks-world.ts), reads that account's
// cluster log groups and IncomingLogEvents (loopback CloudWatch peer, one world per account),
// and sends audit-source-silent naming the member account through the sinks (dynalite, Slack and
// SNS peers). The denied account is logged and counted; the sweep still succeeds.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createHandler } from "../../../functions/lambda/handler.ts";
import { ACTIVITY_PERIOD_MS } from "../../../functions/lambda/source-activity.ts";
import { runSweep } from "../../../functions/lambda/runs.ts";
import type { Clock } from "../../../shared/delivery/clock.ts";
import { DynamoIo } from "../../../shared/store/dynamo-io.ts";
import { SilenceStore } from "../../../shared/store/silence-store.ts";
import type { Alert } from "../../../shared/types.ts";
import { startMetricsPeer, type MetricsPeer } from "../../helpers/peers/cloudwatch.ts";
import { startEksWorld, type EksWorld } from "../../helpers/peers/eks-world.ts";
import { clientsFor, lambdaContext, lambdaEnv, useWorld, type CapturedOutput, type World } from "../lambda/harness.ts";

const NOW = Date.parse("2026-12-03T12:00:00Z");
const SILENT_IN = "555566667777";
const FLOWING_IN = "666677778888";
const DENIED = "222233334444";
const clock: Clock = { now: () => NOW, sleep: async () => {} };

function sums(pattern: string): Record<number, number> {
  const first = NOW - pattern.length * ACTIVITY_PERIOD_MS;
  return Object.fromEntries([...pattern].flatMap((c, i) => (c === "#" ? [[first + i * ACTIVITY_PERIOD_MS, 900]] : [])));
}

let world: World;
let output: CapturedOutput;
let sts: EksWorld;
let metrics: MetricsPeer;
useWorld((w, o) => {
  world = w;
  output = o;
});

beforeAll(async () => {
  sts = await startEksWorld({ accounts: [SILENT_IN, FLOWING_IN, DENIED], denied: [DENIED], regions: ["eu-west-1"], clustersPerPartition: 0, latencyMs: [0, 0], throttle: null });
  metrics = await startMetricsPeer({
    groups: {},
    accounts: {
      [SILENT_IN]: { "/aws/eks/payments/cluster": sums("##############.........."), "/aws/eks/web/cluster": sums("########################") },
      [FLOWING_IN]: { "/aws/eks/payments/cluster": sums("########################") },
    },
    logGroupsPerPage: 10,
    resultsPerPage: 10,
  });
  // The SDK's own service-specific endpoint variables: the sweep's clients are built as deployed.
  vi.stubEnv("AWS_ENDPOINT_URL_STS", sts.endpoint);
  vi.stubEnv("AWS_ENDPOINT_URL_CLOUDWATCH", metrics.url);
  vi.stubEnv("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", metrics.url);
  vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIDCENTRAL");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "central-secret");
  vi.stubEnv("AWS_MAX_ATTEMPTS", "1");
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await metrics.close();
  await sts.close();
});

describe("the central sweep reads audit-source-silent's metrics in the member accounts", () => {
  it("sends one alert for the silent group naming its member account, counts the denied account, and succeeds", async () => {
    const table = await world.dynamo.createTable();
    const env = lambdaEnv(world, table, {
      SOURCE_ACTIVITY_REGIONS: "eu-west-1",
      SOURCE_ACTIVITY_ACCOUNTS: [SILENT_IN, DENIED, FLOWING_IN].join(","),
      SOURCE_ACTIVITY_ROLE_NAME: "cni-auditor-fleet-read",
    });
    const sweep = createHandler("sweep", runSweep, { env, clients: clientsFor(world), clock });
    await sweep({}, lambdaContext("sweep-1"));

    const alerts = world.sns.published.map((p) => JSON.parse(p.message) as Alert);
    expect(alerts.map((a) => [a.rule, a.account, a.region, a.cluster, a.severity])).toEqual([["audit-source-silent", SILENT_IN, "eu-west-1", "payments", "high"]]);
    expect(world.slack.messages()).toHaveLength(1);
    // Signed with the members' assumed-role keys only.
    const keys = new Set(metrics.requests.map((r) => /Credential=(\w+)\//.exec(String(r.headers.authorization))?.[1]));
    expect([...keys].sort()).toEqual([`AKIAW${SILENT_IN}`, `AKIAW${FLOWING_IN}`]);
    const log = output.text();
    expect(log).toContain("source activity unreadable; the other accounts go on");
    expect(log).toContain(DENIED);
    expect(log).toMatch(/"SourceAccountsUnreadable":1\b/);

    // The next sweep sees the same history: nothing new is sent.
    await sweep({}, lambdaContext("sweep-2"));
    expect(world.sns.published).toHaveLength(1);
  });

  it("a silence on the member's cluster holds the alert back and counts it, once across sweeps", async () => {
    const table = await world.dynamo.createTable();
    world.sns.published.length = 0;
    const silences = new SilenceStore(new DynamoIo(world.dynamo.client, table));
    await silences.add(
      {
        id: "s-payments",
        match: { rule: "audit-source-silent", account: SILENT_IN },
        until: new Date(NOW + 6 * 3600_000).toISOString(),
        reason: "cluster being retired",
        createdBy: "arn:aws:iam::444455556666:user/alice",
        createdAt: new Date(NOW - 60_000).toISOString(),
      },
      NOW - 60_000,
    );
    const env = lambdaEnv(world, table, { SOURCE_ACTIVITY_REGIONS: "eu-west-1", SOURCE_ACTIVITY_ACCOUNTS: SILENT_IN, SOURCE_ACTIVITY_ROLE_NAME: "cni-auditor-fleet-read" });
    const sweep = createHandler("sweep", runSweep, { env, clients: clientsFor(world), clock });
    await sweep({}, lambdaContext("sweep-3"));
    await sweep({}, lambdaContext("sweep-4"));
    expect(world.sns.published).toEqual([]);
    const tally = (await silences.tallies(["s-payments"])).get("s-payments")!;
    expect([tally.events, tally.keys]).toEqual([1, [`${SILENT_IN}|eu-west-1|audit-source-silent|payments|silent`]]);
  });
});
