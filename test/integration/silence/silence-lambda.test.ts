// Silences in the deployed functions, on the wire (dynalite, Slack and SNS peers): held back and
// counted in the store, break-through on a severity past the limit, one summary when they end.
import { beforeEach, describe, expect, it } from "vitest";
import { createHandler } from "../../../functions/lambda/handler.ts";
import { runAuditLogs, runSweep } from "../../../functions/lambda/runs.ts";
import type { Clock } from "../../../shared/delivery/clock.ts";
import { DynamoIo } from "../../../shared/store/dynamo-io.ts";
import { SilenceStore } from "../../../shared/store/silence-store.ts";
import type { SilenceRecord } from "../../../shared/routing/silence-summary.ts";
import type { Alert } from "../../../shared/types.ts";
import { awsNodePatched, CLUSTER, cninodesDenied, subscriptionEvent } from "../../fixtures/lambda/events.ts";
import { clientsFor, lambdaContext, lambdaEnv, useWorld, type World } from "../lambda/harness.ts";

const T = Date.parse("2026-03-01T02:00:00Z");
const MIN = 60_000;
let world: World;
let table: string;
let n = 0;
let now = T;
const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) };

useWorld((w) => void (world = w));
beforeEach(async () => {
  table = await world.dynamo.createTable();
  world.slack.requests.length = 0;
  world.sns.published.length = 0;
  now = T;
});

const store = () => new SilenceStore(new DynamoIo(world.dynamo.client, table));
const silence = (over: Partial<SilenceRecord> = {}): SilenceRecord => ({
  id: "s-rbac",
  match: { cluster: CLUSTER },
  until: new Date(T + 6 * 60 * MIN).toISOString(),
  reason: "EKS fix rolling out (#2926)",
  createdBy: "arn:aws:iam::444455556666:user/alice",
  createdAt: new Date(T - MIN).toISOString(),
  ...over,
});
const handler = () => createHandler("audit-logs", runAuditLogs, { env: lambdaEnv(world, table), clients: clientsFor(world), clock });
const sweep = () => createHandler("sweep", runSweep, { env: lambdaEnv(world, table), clients: clientsFor(world), clock });
const invoke = (h: ReturnType<typeof handler>, e: unknown) => h(e, lambdaContext(`req-${++n}`));
const snsAlerts = () => world.sns.published.map((p) => JSON.parse(p.message) as Alert);

describe("silences in the functions", () => {
  it("holds matching findings back, counts them, breaks through on a worse severity, and leaves one summary", async () => {
    await store().add(silence(), T);
    const h = handler();
    // aws-node patched: medium, held (the limit becomes medium: the severity when silenced).
    await invoke(h, subscriptionEvent([awsNodePatched(T, 1, "kubernetes-admin"), awsNodePatched(T + 1000, 2, "kubernetes-admin")]));
    expect(world.slack.messages()).toHaveLength(0);
    expect(world.sns.published).toHaveLength(0);
    // cninodes-forbidden is high: worse than the limit, so it breaks through.
    await invoke(h, subscriptionEvent([cninodesDenied(T + 2000, 3)], { first: 3 }));
    expect(snsAlerts().map((a) => a.rule)).toEqual(["cninodes-forbidden"]);
    const tally = (await store().tallies(["s-rbac"])).get("s-rbac")!;
    expect([tally.events, tally.keys.length, tally.worstSeverity, tally.firstSeverity]).toEqual([2, 1, "medium", "medium"]);

    // Expired early: the next sweep sends one summary, the one after sends nothing more.
    now = T + 10 * MIN;
    const ended = await store().expire("s-rbac", "arn:aws:iam::444455556666:user/bob", now);
    expect(ended?.expiredBy).toContain("bob");
    await sweep()({}, lambdaContext(`sweep-${++n}`));
    await sweep()({}, lambdaContext(`sweep-${++n}`));
    const summaries = snsAlerts().filter((a) => a.rule === "silence/ended");
    expect(summaries).toHaveLength(1);
    expect(summaries[0]!.title).toBe("Silence s-rbac ended (removed by arn:aws:iam::444455556666:user/bob): it held back 2 events in 1 key, worst medium");
    expect(summaries[0]!.cluster).toBe(CLUSTER);
    expect(world.slack.messages().filter((m) => m.text.includes("s-rbac"))).toHaveLength(1);
    expect((await store().list())[0]!.summarizedTo?.sort()).toEqual(["slack", "sns"]);

    // Ended: the same findings are sent again.
    await invoke(handler(), subscriptionEvent([awsNodePatched(T + 11 * MIN, 9, "kubernetes-admin")], { first: 9 }));
    expect(snsAlerts().filter((a) => a.rule === "aws-node-modified")).toHaveLength(1);
  });

  it("maxSeverity sets the limit: a finding worse than it breaks through at once", async () => {
    await store().add(silence({ match: { rule: "cninodes-forbidden" }, maxSeverity: "medium" }), T);
    await invoke(handler(), subscriptionEvent([cninodesDenied(T, 1)]));
    expect(snsAlerts().map((a) => a.rule)).toEqual(["cninodes-forbidden"]);
    expect((await store().tallies(["s-rbac"])).size).toBe(0);
  });

  it("a silence that expires by its own `until` is summarized by the sweep after that time, not before", async () => {
    await store().add(silence({ until: new Date(T + 30 * MIN).toISOString() }), T);
    await invoke(handler(), subscriptionEvent([awsNodePatched(T, 1, "kubernetes-admin")]));
    now = T + 29 * MIN;
    await sweep()({}, lambdaContext(`sweep-${++n}`));
    expect(snsAlerts()).toHaveLength(0);
    now = T + 30 * MIN;
    await sweep()({}, lambdaContext(`sweep-${++n}`));
    expect(snsAlerts().map((a) => a.title)).toEqual(["Silence s-rbac ended (expired): it held back 1 event in 1 key, worst medium"]);
  });
});
