// Held-back counts are exact under redelivery (dynalite): a batch counts once per batch id, the
// same id the window store dedups by, whether its token is still in the tally's `rb` list or has
// moved to a marker item, and whether the redelivery comes through the functions or the store.
import { beforeEach, describe, expect, it } from "vitest";
import { createHandler } from "../../../functions/lambda/handler.ts";
import { runAuditLogs } from "../../../functions/lambda/runs.ts";
import type { Clock } from "../../../shared/delivery/clock.ts";
import type { HeldBack } from "../../../shared/routing/silences.ts";
import { DynamoIo } from "../../../shared/store/dynamo-io.ts";
import { RECENT_KEPT, SilenceStore } from "../../../shared/store/silence-store.ts";
import { awsNodePatched, CLUSTER, subscriptionEvent } from "../../fixtures/lambda/events.ts";
import { clientsFor, lambdaContext, lambdaEnv, useWorld, type World } from "../lambda/harness.ts";

const T = Date.parse("2026-03-01T02:00:00Z");
const MIN = 60_000;
let world: World;
let table: string;
let n = 0;
const clock: Clock = { now: () => T, sleep: async () => undefined };

useWorld((w) => void (world = w));
beforeEach(async () => {
  table = await world.dynamo.createTable();
  world.sns.published.length = 0;
});

const store = () => new SilenceStore(new DynamoIo(world.dynamo.client, table));
const events = async () => (await store().tallies(["s-1"])).get("s-1")?.events ?? 0;
const held = (count: number, key = "k1"): Map<string, HeldBack> =>
  new Map([["s-1", { silenceId: "s-1", events: count, keys: [key], worstSeverity: "medium", firstSeverity: "medium" }]]);

describe("held-back counts under redelivery", () => {
  it("the functions: a redelivered batch changes no held-back count; a new batch adds", async () => {
    await store().add({ id: "s-1", match: { cluster: CLUSTER }, until: new Date(T + 60 * MIN).toISOString(), reason: "known", createdBy: "alice", createdAt: new Date(T).toISOString() }, T);
    const h = createHandler("audit-logs", runAuditLogs, { env: lambdaEnv(world, table), clients: clientsFor(world), clock });
    const batch = subscriptionEvent([awsNodePatched(T, 1, "kubernetes-admin"), awsNodePatched(T + 1000, 2, "kubernetes-admin")]);
    await h(batch, lambdaContext(`req-${++n}`));
    expect(await events()).toBe(2);
    await h(batch, lambdaContext(`req-${++n}`)); // Lambda redelivers the same payload
    await h(batch, lambdaContext(`req-${++n}`));
    expect(await events()).toBe(2);
    await h(subscriptionEvent([awsNodePatched(T + 2000, 3, "kubernetes-admin")], { first: 3 }), lambdaContext(`req-${++n}`));
    expect(await events()).toBe(3);
    expect(world.sns.published).toHaveLength(0);
  });

  it("the store: counted once per batch id, also after its token moved from `rb` to a marker", async () => {
    const s = store();
    await s.addHeld(held(5), "batch-0", T);
    await s.addHeld(held(5), "batch-0", T);
    expect(await events()).toBe(5);
    for (let i = 1; i <= RECENT_KEPT + 2; i++) await s.addHeld(held(1, `k${i}`), `batch-${i}`, T);
    expect(await events()).toBe(5 + RECENT_KEPT + 2);
    // batch-0 has left `rb` (a marker now); batch-1 too; the last ones are still in `rb`.
    for (const id of ["batch-0", "batch-1", `batch-${RECENT_KEPT + 2}`]) await s.addHeld(held(7), id, T);
    expect(await events()).toBe(5 + RECENT_KEPT + 2);
    const tally = (await s.tallies(["s-1"])).get("s-1")!;
    expect(tally.keys).toHaveLength(RECENT_KEPT + 2); // k1…k10: a set, whatever was redelivered
  });

  it("the store: two writers adding the same batch at once count it once", async () => {
    await Promise.all([store().addHeld(held(4), "batch-x", T), store().addHeld(held(4), "batch-x", T), store().addHeld(held(2), "batch-y", T)]);
    expect(await events()).toBe(6);
  });

  it("a tally written before batch tokens (no `rb`, no `ver`) keeps its count and dedups from then on", async () => {
    const io = new DynamoIo(world.dynamo.client, table);
    await io.update("silence-tally#s-1", "ADD events :n, worst_high :one SET #first = :f", "attribute_not_exists(pk)", { "#first": "first" }, { ":n": { N: "9" }, ":one": { N: "1" }, ":f": { S: "high" } });
    await store().addHeld(held(1), "batch-new", T);
    await store().addHeld(held(1), "batch-new", T);
    expect(await events()).toBe(10);
  });
});
