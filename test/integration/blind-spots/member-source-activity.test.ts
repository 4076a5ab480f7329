// Central mode: the sweep reads each member account's cluster log groups and IncomingLogEvents
// with that account's credentials (sts:AssumeRole through the fleet's client factory). Real SDK
// clients: STS against the loopback EKS world's AssumeRole peer, CloudWatch and CloudWatch Logs
// against the loopback metrics peer, which answers each account from its own world.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFleetSourceActivity } from "../../../functions/lambda/fleet-source-activity.ts";
import { ACTIVITY_PERIOD_MS } from "../../../functions/lambda/source-activity.ts";
import { sourceSilenceFindings } from "../../../shared/blind-spots/source-silence.ts";
import { createSourceActivityClients, type SourceActivityClients } from "../../../functions/lambda/source-activity-clients.ts";
import { startMetricsPeer, type MetricsPeer } from "../../helpers/peers/cloudwatch.ts";
import { startEksWorld, type EksWorld } from "../../helpers/peers/eks-world.ts";

const P = ACTIVITY_PERIOD_MS;
const NOW = Date.parse("2026-12-03T12:00:00Z");
const SILENT_IN = "444455556666";
const QUIET_IN = "777788889999";
const DENIED = "222233334444";

function sums(pattern: string): Record<number, number> {
  const first = NOW - pattern.length * P;
  return Object.fromEntries([...pattern].flatMap((c, i) => (c === "#" ? [[first + i * P, 900]] : [])));
}

describe("audit-source-silent across member accounts (real SDK clients, loopback STS and CloudWatch)", () => {
  let world: EksWorld;
  let peer: MetricsPeer;
  let clients: SourceActivityClients;

  beforeAll(async () => {
    world = await startEksWorld({ accounts: [SILENT_IN, QUIET_IN, DENIED], denied: [DENIED], regions: ["eu-west-1"], clustersPerPartition: 0, latencyMs: [0, 0], throttle: null });
    peer = await startMetricsPeer({
      // The central account's own groups: never read, since only the member accounts are configured.
      groups: { "/aws/eks/central-only/cluster": sums("##############..........") },
      accounts: {
        [SILENT_IN]: { "/aws/eks/payments/cluster": sums("##############.........."), "/aws/eks/web/cluster": sums("########################") },
        [QUIET_IN]: { "/aws/eks/payments/cluster": sums("########################") },
      },
      logGroupsPerPage: 1,
      resultsPerPage: 5,
    });
    clients = createSourceActivityClients({
      roleName: "cni-auditor-fleet-read",
      endpoint: world.endpoint,
      metricsEndpoint: peer.url,
      credentials: { accessKeyId: "AKIDCENTRAL", secretAccessKey: "central-secret" },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    clients.destroy();
    await peer.close();
    await world.close();
  });

  it("reads each member with its own credentials, finds the silent group naming its account, and counts the denied account", async () => {
    const warnings: Array<Record<string, unknown>> = [];
    const out = await readFleetSourceActivity(clients, {
      regions: ["eu-west-1"],
      accounts: [SILENT_IN, DENIED, QUIET_IN],
      ownAccount: "111122223333",
      nowMs: NOW,
      warn: (_m, f) => warnings.push(f),
    });
    expect(out.activity.map((a) => `${a.account}:${a.cluster}`).sort()).toEqual([`${SILENT_IN}:payments`, `${SILENT_IN}:web`, `${QUIET_IN}:payments`]);
    expect(out.read).toBe(2);
    expect(out.unreadable).toEqual([{ account: DENIED, region: "eu-west-1", error: "AccessDenied", message: expect.stringContaining(`arn:aws:iam::${DENIED}:role/cni-auditor-fleet-read`) }]);
    expect(warnings).toHaveLength(1);

    // Every metrics and logs request was signed with a member's assumed-role key, never the central one.
    const keys = new Set(peer.requests.map((r) => /Credential=(\w+)\//.exec(String(r.headers.authorization))?.[1]));
    expect([...keys].sort()).toEqual([`AKIAW${SILENT_IN}`, `AKIAW${QUIET_IN}`]);

    const findings = sourceSilenceFindings(out.activity, NOW, { quietMs: 30 * 60_000 });
    expect(findings.map((f) => ({ rule: f.rule, account: f.account, region: f.region, cluster: f.cluster, state: f.facts.state }))).toEqual([
      { rule: "audit-source-silent", account: SILENT_IN, region: "eu-west-1", cluster: "payments", state: "silent" },
    ]);
    expect(findings[0]!.dedupKey).toBe(`${SILENT_IN}|eu-west-1|audit-source-silent|payments|silent`);
  });

  it("without member accounts reads the stack's own account with its own credentials, named by ownAccount", async () => {
    const own = createSourceActivityClients({ endpoint: world.endpoint, metricsEndpoint: peer.url, credentials: { accessKeyId: "AKIDCENTRAL", secretAccessKey: "s" }, maxAttempts: 1 });
    try {
      const out = await readFleetSourceActivity(own, { regions: ["eu-west-1"], accounts: [], ownAccount: "111122223333", nowMs: NOW });
      expect(out.unreadable).toEqual([]);
      const findings = sourceSilenceFindings(out.activity, NOW, { quietMs: 30 * 60_000 });
      expect(findings.map((f) => `${f.account}:${f.cluster}:${f.facts.state}`)).toEqual(["111122223333:central-only:silent"]);
    } finally {
      own.destroy();
    }
  });
});
