// The cninodes-forbidden reader of the fleet report against dynalite, on windows written by the
// real rule and the real DynamoStore (so the key format the reader builds cannot drift).
import { BatchGetItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreError } from "../../../shared/errors.ts";
import { cninodesDenialKey, cninodesDenialsReader, readCninodesDenials } from "../../../shared/store/cninodes-denials.ts";
import { DynamoStore } from "../../../shared/store/dynamo-store.ts";
import { loadRuleFixtures } from "../../helpers/events.ts";
import { startDynamoPeer, type DynamoPeer } from "../../helpers/peers/index.ts";
import { makeCluster, makeSnapshot } from "../fleet/cluster-fixture.ts";
import { cninodesFindings, HOUR, recordDenials } from "../../helpers/cninodes-windows.ts";

const DEMO = { account: "111122223333", region: "us-west-2", name: "demo-cluster" };

const noSleep = async () => undefined;

let peer: DynamoPeer;
beforeAll(async () => {
  peer = await startDynamoPeer();
});
afterAll(async () => {
  await peer.close();
});

/** The real client, except that the first BatchGetItem answers only its first keys and leaves the rest unprocessed. */
function unprocessedOnce(client: DynamoDBClient, table: string): DynamoDBClient & { calls: number[] } {
  const calls: number[] = [];
  let first = true;
  const send = async (command: unknown) => {
    if (!(command instanceof BatchGetItemCommand)) return client.send(command as never);
    const keys = command.input.RequestItems![table]!.Keys!;
    calls.push(keys.length);
    if (!first) return client.send(command);
    first = false;
    const served = keys.slice(0, 10);
    const out = await client.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: served, ConsistentRead: true } } }));
    return { ...out, UnprocessedKeys: { [table]: { Keys: keys.slice(10) } } };
  };
  return Object.assign(Object.create(client) as DynamoDBClient, { send, calls });
}

describe("cninodes-forbidden denials from the store", () => {
  it("builds the rule's own dedup key (the fixture's expected key)", () => {
    const expected = loadRuleFixtures("cninodes-forbidden").cases[0]!.expect.dedupKey;
    expect(cninodesDenialKey(DEMO)).toBe(expected);
    expect(cninodesDenialKey({ ...DEMO, account: null })).toBe("-|us-west-2|cninodes-forbidden|demo-cluster");
    const [f] = cninodesFindings([Date.parse("2026-12-01T10:00:00Z")]);
    expect(cninodesDenialKey(DEMO)).toBe(f!.dedupKey);
  });

  it("counts the events of the open window, 0 for a cluster with none", async () => {
    const table = await peer.createTable();
    const t0 = Date.parse("2026-12-01T10:00:00Z");
    await recordDenials(peer.client, table, [[t0, t0 + 1000, t0 + 2000]]);
    const other = { ...DEMO, name: "other-cluster" };
    const counts = await readCninodesDenials(peer.client, table, [DEMO, other], t0 + HOUR);
    expect(counts).toEqual(new Map([[cninodesDenialKey(DEMO), 3], [cninodesDenialKey(other), 0]]));
  });

  it("adds the closed windows the head still holds to the open one", async () => {
    const table = await peer.createTable();
    const t0 = Date.parse("2026-12-01T10:00:00Z");
    // Two windows an hour long: the first is closed (not reported yet), the second open.
    await recordDenials(peer.client, table, [[t0, t0 + 60_000], [t0 + 2 * HOUR, t0 + 2 * HOUR + 1, t0 + 2 * HOUR + 2]]);
    const counts = await readCninodesDenials(peer.client, table, [DEMO], t0 + 3 * HOUR);
    expect(counts.get(cninodesDenialKey(DEMO))).toBe(5);
  });

  it("still counts a reported window, and no longer once its head expired (TTL deletes late)", async () => {
    const table = await peer.createTable();
    const t0 = Date.parse("2026-12-01T10:00:00Z");
    const store = new DynamoStore({ client: peer.client, table, retentionMs: HOUR });
    const [open] = await store.apply(cninodesFindings([t0, t0 + 1]), { batchId: "b", windowMs: HOUR });
    await store.markSent(open!.alert.dedupKey, open!.alert.windowStartMs, 2);
    const key = cninodesDenialKey(DEMO);
    expect((await readCninodesDenials(peer.client, table, [DEMO], t0 + HOUR + 1)).get(key)).toBe(2);
    expect((await readCninodesDenials(peer.client, table, [DEMO], t0 + 3 * HOUR)).get(key)).toBe(0);
  });

  it("reads more than 100 clusters in calls of at most 100 keys, retrying unprocessed keys", async () => {
    const table = await peer.createTable();
    const t0 = Date.parse("2026-12-01T10:00:00Z");
    await recordDenials(peer.client, table, [[t0, t0 + 1]]);
    const clusters = [DEMO, ...Array.from({ length: 249 }, (_, i) => ({ ...DEMO, name: `cluster-${i}` }))];
    const client = unprocessedOnce(peer.client, table);
    const counts = await readCninodesDenials(client, table, clusters, t0 + HOUR, noSleep);
    expect(counts.size).toBe(250);
    expect(counts.get(cninodesDenialKey(DEMO))).toBe(2);
    expect([...counts.values()].filter((n) => n > 0)).toEqual([2]);
    // 250 keys: 100 (90 of them left unprocessed, then retried) + 100 + 50.
    expect(client.calls).toEqual([100, 90, 100, 50]);
  });

  it("gives up (not known) when keys stay unprocessed, after a bounded number of calls", async () => {
    const table = await peer.createTable();
    let calls = 0;
    const throttled = Object.assign(Object.create(peer.client) as DynamoDBClient, {
      send: async (command: BatchGetItemCommand) => {
        calls++;
        return { Responses: { [table]: [] }, UnprocessedKeys: { [table]: { Keys: command.input.RequestItems![table]!.Keys } } };
      },
    });
    await expect(readCninodesDenials(throttled, table, [DEMO], 0, noSleep)).rejects.toThrow(new StoreError(`DynamoDB BatchGetItem on ${table}: keys left unprocessed`));
    expect(calls).toBe(8);
  });

  it("sets the count on each cluster; an unreadable table makes every count null (not known), never 0", async () => {
    const table = await peer.createTable();
    const t0 = Date.parse("2026-12-01T10:00:00Z");
    await recordDenials(peer.client, table, [[t0]]);
    const snapshot = makeSnapshot([makeCluster(), makeCluster({ name: "quiet" })]);
    const read = await cninodesDenialsReader(peer.client, table)(snapshot, t0 + HOUR);
    expect(read.clusters.map((c) => [c.name, c.cninodesForbiddenDenials])).toEqual([["demo-cluster", 1], ["quiet", 0]]);

    const errors: Error[] = [];
    const missing = await cninodesDenialsReader(peer.client, "no-such-table")(snapshot, t0 + HOUR, (e) => errors.push(e));
    expect(missing.clusters.map((c) => c.cninodesForbiddenDenials)).toEqual([null, null]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(StoreError);
    await expect(readCninodesDenials(peer.client, "no-such-table", [DEMO], t0)).rejects.toThrow(/BatchGetItem on no-such-table failed: ResourceNotFoundException/);
  });
});
