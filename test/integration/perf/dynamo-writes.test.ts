// DynamoDB writes grow with distinct keys, not with events (issue 6): the audit-logs handler,
// with real SDK clients, talks to dynalite through a counting proxy. Per batch: one count write
// per dedup key, plus the writes of delivering the alerts actually sent; nothing per event.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeWorld } from "../../../bench/cluster-world.ts";
import { nextTrafficEvent } from "../../../bench/audit-traffic.ts";
import { seededRng } from "../../../bench/random.ts";
import { createHandler } from "../../../functions/lambda/handler.ts";
import { runAuditLogs } from "../../../functions/lambda/runs.ts";
import type { K8sAuditRecord } from "../../../shared/types.ts";
import { awsNodePatched, cninodesDenied, subscriptionEvent } from "../../fixtures/lambda/events.ts";
import { captureOutput, clientsFor, lambdaContext, lambdaEnv, startWorld, type World } from "../lambda/harness.ts";
import { isWrite, startCountingProxy, type CountingProxy, type DynamoCall } from "./counting-proxy.ts";

const T0 = Date.parse("2026-03-01T02:00:00Z");
const USERS = ["arn:aws:sts::444455556666:assumed-role/Admin/alice", "system:serviceaccount:argocd:argocd-application-controller", "helm-ci"];
/** One cninodes-forbidden key (per cluster) and one aws-node-modified key per user. */
const KEYS = 1 + USERS.length;
/** lambdaEnv configures Slack and SNS; `alertsSent` counts one per alert and sink. */
const SINKS = 2;

let world: World;
let proxy: CountingProxy;

beforeAll(async () => {
  world = await startWorld();
  proxy = await startCountingProxy(world.dynamo.endpoint);
});
afterAll(async () => {
  await proxy.close();
  await world.close();
});

/** Audit noise from the bench's traffic model: nothing in it matches a rule. */
function noise(n: number, seed: number): K8sAuditRecord[] {
  const rng = seededRng(seed);
  const cluster = makeWorld(rng, 0);
  return Array.from({ length: n }, (_, i) => nextTrafficEvent(rng, cluster, T0 + i, { relevantRate: 0 }).record as K8sAuditRecord);
}

/** `perKey` relevant events for each of the KEYS keys, from `fromMs` on, mixed into noise. */
function batch(perKey: number, fromMs: number, firstId: number): K8sAuditRecord[] {
  const relevant: K8sAuditRecord[] = [];
  for (let i = 0; i < perKey; i++) {
    relevant.push(cninodesDenied(fromMs + i * 50, firstId + i));
    USERS.forEach((u, j) => relevant.push(awsNodePatched(fromMs + i * 50 + j + 1, firstId * 10 + i * USERS.length + j, u)));
  }
  const mixed = noise(400, firstId);
  relevant.forEach((r, i) => mixed.splice((i * 7) % mixed.length, 0, r));
  return mixed;
}

interface Run {
  calls: DynamoCall[];
  alertsSent: number;
  findings: number;
}

function newContainer(table: string) {
  return createHandler("audit-logs", runAuditLogs, { env: lambdaEnv(world, table), clients: clientsFor(world, proxy.endpoint) });
}

async function invoke(handler: ReturnType<typeof newContainer>, event: unknown, id: string): Promise<Run> {
  proxy.take();
  const out = captureOutput();
  try {
    const result = (await handler(event, lambdaContext(id))) as { alertsSent: number; findings: number };
    return { calls: proxy.take(), alertsSent: result.alertsSent, findings: result.findings };
  } finally {
    out.stop();
  }
}

/** The count write of a key: the conditional UpdateItem on its head that adds to (or sets) `cnt`. */
const countWrites = (calls: DynamoCall[]) => calls.filter((c) => c.op === "UpdateItem" && c.pk?.startsWith("w#") && /\bcnt\b/.test(c.updateExpression ?? ""));
const otherWrites = (calls: DynamoCall[]) => calls.filter((c) => isWrite(c) && !countWrites([c]).length);

describe("DynamoDB writes per batch", () => {
  it("are the same for 10 and for 500 events per key: one count write per key plus delivery", async () => {
    const small = await invoke(newContainer(await world.dynamo.createTable("small")), subscriptionEvent(batch(10, T0, 1)), "small");
    const big = await invoke(newContainer(await world.dynamo.createTable("big")), subscriptionEvent(batch(500, T0, 1)), "big");

    expect(small.findings).toBe(10 * KEYS);
    expect(big.findings).toBe(500 * KEYS);
    for (const run of [small, big]) {
      expect(countWrites(run.calls)).toHaveLength(KEYS);
      expect(new Set(countWrites(run.calls).map((c) => c.pk)).size).toBe(KEYS);
      expect(run.alertsSent).toBe(KEYS * SINKS); // each key opened a window: one alert each
    }
    // Delivery writes (claim, mark sent…) follow the alerts sent, not the events.
    expect(otherWrites(small.calls).length).toBeGreaterThan(0);
    // Sinks are delivered concurrently (issue 15): a delivery write may lose a condition to the
    // other sink's and be retried, so the writes that took effect are compared.
    const applied = (calls: DynamoCall[]) => otherWrites(calls).filter((c) => c.status === 200);
    expect(applied(big.calls).map((c) => c.op).sort()).toEqual(applied(small.calls).map((c) => c.op).sort());
    expect(big.calls.filter((c) => isWrite(c) && c.status === 200)).toHaveLength(small.calls.filter((c) => isWrite(c) && c.status === 200).length);
    // And every delivery write is on the head of a key whose alert went out.
    const sentKeys = new Set(countWrites(big.calls).map((c) => c.pk));
    for (const c of otherWrites(big.calls)) expect(sentKeys.has(c.pk)).toBe(true);
  });

  it("a later batch into the open windows writes one count per key and nothing else; its redelivery writes nothing", async () => {
    const handler = newContainer(await world.dynamo.createTable("later"));
    const first = await invoke(handler, subscriptionEvent(batch(20, T0, 1), { first: 0 }), "first");
    expect(first.alertsSent).toBe(KEYS * SINKS);

    const laterEvent = subscriptionEvent(batch(300, T0 + 60_000, 5000), { first: 100_000 });
    const later = await invoke(handler, laterEvent, "later");
    expect(later.findings).toBe(300 * KEYS);
    expect(later.alertsSent).toBe(0); // folded into windows already reported: no message
    expect(countWrites(later.calls)).toHaveLength(KEYS);
    expect(later.calls.filter(isWrite)).toHaveLength(KEYS);

    const again = await invoke(handler, laterEvent, "redelivered");
    expect(again.alertsSent).toBe(0);
    expect(again.calls.filter(isWrite)).toHaveLength(0);
  });

  it("a batch of noise only touches nothing", async () => {
    const run = await invoke(newContainer(await world.dynamo.createTable("noise")), subscriptionEvent(noise(800, 99)), "noise");
    expect(run.findings).toBe(0);
    expect(run.calls).toHaveLength(0);
  });
});
