// What a DynamoDB item can hold (400 KB, a 2 KB partition key) must never decide whether an
// alert survives: a storm over thousands of nodes, or an event carrying huge strings, still
// counts every event and still reports, through the real handler on dynalite.
import { gzipSync } from "node:zlib";
import { beforeEach, describe, expect, it } from "vitest";
import { SET_LIMIT } from "../../shared/core/limits.ts";
import { createHandler } from "../../functions/lambda/handler.ts";
import { runAuditLogs, runCloudTrail, runSweep } from "../../functions/lambda/runs.ts";
import type { Alert } from "../../shared/types.ts";
import { clientsFor, lambdaContext, lambdaEnv, storedHead, type World, useWorld } from "../integration/lambda/harness.ts";
import { seeds } from "./harness.ts";

let world: World;
let table: string;
let request = 0;
const T0 = Date.parse("2024-05-27T08:00:00Z");
const iso = (ms: number): string => new Date(ms).toISOString();

useWorld((w) => {
  world = w;
});
beforeEach(async () => {
  table = await world.dynamo.createTable("limits");
  world.sns.published.length = 0;
});

function subscription(cluster: string, messages: Array<{ t: number; record: Record<string, unknown> }>, first: number) {
  const logEvents = messages.map((m, i) => ({ id: `7${String(first + i).padStart(55, "0")}`, timestamp: m.t, message: JSON.stringify(m.record) }));
  const payload = { messageType: "DATA_MESSAGE", owner: "444455556666", logGroup: `/aws/eks/${cluster}/cluster`, logStream: "kube-apiserver-audit-0", logEvents };
  return { awslogs: { data: gzipSync(JSON.stringify(payload)).toString("base64") } };
}

const invoke = (run: typeof runAuditLogs, event: unknown) =>
  createHandler("audit-logs", run, { env: lambdaEnv(world, table), clients: clientsFor(world) })(event, lambdaContext(`limits-${++request}`, 120_000));
const snsAlerts = (): Alert[] => world.sns.published.map((p) => JSON.parse(p.message) as Alert);

describe("a storm over more nodes than an item could list", () => {
  // Before the cap, the window's node set grew with every node: past ~8000 node names the
  // head item exceeded 400 KB, every later invocation for the key failed with a
  // ValidationException, and the storm's true size was never counted or reported.
  it("12,000 distinct nodes in one window: every invocation succeeds, the count is exact, one alert and one update", async () => {
    const storm = seeds()["cninodes-forbidden"].record;
    for (let p = 0; p < 4; p++) {
      const messages = Array.from({ length: 3000 }, (_, i) => {
        const t = T0 + p * 600_000 + i;
        const node = `ip-10-${p}-${Math.floor(i / 250)}-${i % 250}.eu-west-1.compute.internal`;
        return { t, record: { ...storm, auditID: `storm-${p}-${i}`, stageTimestamp: iso(t), objectRef: { ...storm.objectRef, name: node } } };
      });
      await invoke(runAuditLogs, subscription("huge", messages, p * 10_000));
    }
    await invoke(runSweep, {});
    const key = "444455556666|eu-west-1|cninodes-forbidden|huge";
    const head = await storedHead(world, table, key);
    expect(head?.doc.current.alert.count).toBe(12_000);
    expect((head?.doc.current.alert.facts.nodes as string[]).length).toBe(SET_LIMIT);
    expect(snsAlerts().map((a) => a.count)).toEqual([3000, 12_000]);
    expect(snsAlerts()[1]!.facts.nodeCount).toBe(SET_LIMIT);
  }, 120_000);
});

describe("one record with huge strings among good ones", () => {
  // Before facts and key parts were bounded, a 3 KB user name made the partition key too long
  // (BatchGetItem refused the whole batch: the good record beside it was never alerted, on
  // every retry), and a 500 KB string in a fact made the window's item too big.
  const s = seeds();
  const good = (i: number) => ({ t: T0 + i, record: { ...s["cninodes-forbidden"].record, auditID: `good-${i}`, stageTimestamp: iso(T0 + i) } });
  const patched = (over: Record<string, unknown>) => ({ t: T0 + 5, record: { ...s["aws-node-modified"].record, stageTimestamp: iso(T0 + 5), ...over } });
  it.each([
    ["a 3 KB user name (a dedup-key part)", patched({ user: { username: "u".repeat(3000) } })],
    ["a 1 MB user name of 4-byte characters", patched({ user: { username: "😀".repeat(250_000) } })],
    ["a 500 KB field manager (a fact)", patched({ requestURI: `/apis/apps/v1/namespaces/kube-system/daemonsets/aws-node?fieldManager=${"m".repeat(500_000)}` })],
    ["a 500 KB user agent (a fact)", patched({ userAgent: "x".repeat(500_000) })],
    ["a 600 B cluster-sized user and a 100 KB impersonated user", patched({ user: { username: "é".repeat(300) }, impersonatedUser: { username: "i".repeat(100_000) } })],
  ])("%s: the invocation succeeds and both alerts go out", async (_name, huge) => {
    await invoke(runAuditLogs, subscription("big-strings", [good(1), huge, good(2)], 0));
    const alerts = snsAlerts();
    expect(alerts.map((a) => [a.rule, a.count]).sort()).toEqual([["aws-node-modified", 1], ["cninodes-forbidden", 2]]);
    for (const a of alerts) expect(Buffer.byteLength(a.dedupKey)).toBeLessThan(1500);
  });

  it("a 3 KB role ARN in a failed AssumeRoleWithWebIdentity (a CloudTrail key part)", async () => {
    const e = s["credentials-denied"].record;
    e.detail.requestParameters.roleArn = `arn:aws:iam::111122223333:role/${"r".repeat(3000)}`;
    await createHandler("cloudtrail", runCloudTrail, { env: lambdaEnv(world, table), clients: clientsFor(world) })(e, lambdaContext(`limits-${++request}`, 60_000));
    expect(snsAlerts().map((a) => [a.rule, a.count])).toEqual([["credentials-denied", 1]]);
  });
});

