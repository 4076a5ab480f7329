import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoStore } from "../../../shared/store/dynamo-store.ts";
import { scanOwed } from "../../../shared/store/dynamo-scan.ts";
import { MAX_CLOSED_IN_HEAD } from "../../../shared/store/apply-plan.ts";
import { StoreError } from "../../../shared/errors.ts";
import { dynamoClient, startDynamoPeer, type DynamoPeer } from "../../helpers/peers/index.ts";
import { finding, HOUR, storeContract, T0 } from "./store-contract.ts";

let peer: DynamoPeer;
beforeAll(async () => {
  peer = await startDynamoPeer();
});
afterAll(async () => {
  await peer.close();
});

const newStore = async (extra: Partial<ConstructorParameters<typeof DynamoStore>[0]> = {}) =>
  new DynamoStore({ client: peer.client, table: await peer.createTable(), listOwed: scanOwed, ...extra });

storeContract("DynamoStore on dynalite", () => newStore());

describe("DynamoStore on dynalite", () => {
  it("20 concurrent batches of one key: exactly one opens the window, every finding is counted", async () => {
    const store = await newStore();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.apply([finding(i % 7, "hot", { recordId: `r${i}` })], { batchId: `batch-${i}`, windowMs: HOUR })),
    );
    const opens = results.flat().filter((d) => d.kind === "open");
    expect(opens).toHaveLength(1);
    const [owed] = await store.pending(T0 + 2 * HOUR, ["hot"]);
    expect(owed?.alert.count).toBe(20);
    expect(owed?.alert.samples.length).toBe(5);
    expect(new Set(owed?.alert.facts.verbs as string[])).toEqual(new Set(["v0", "v1", "v2", "v3", "v4", "v5", "v6"]));
  });

  it("the same payload applied concurrently is counted once", async () => {
    const store = await newStore();
    await Promise.all(Array.from({ length: 6 }, () => store.apply([finding(0), finding(1)], { batchId: "dup", windowMs: HOUR })));
    const [owed] = await store.pending(T0 + 2 * HOUR);
    expect(owed?.alert.count).toBe(2);
  });

  // Issue 15: redelivery markers, not a bounded set: every batch id is remembered (for its TTL).
  it("remembers every batch id, in the head while recent and as marker items after", async () => {
    const store = await newStore({ recentCap: 3 });
    for (let i = 0; i < 10; i++) await store.apply([finding(i)], { batchId: `b${i}`, windowMs: HOUR });
    for (let i = 0; i < 10; i++) {
      expect(await store.apply([finding(i)], { batchId: `b${i}`, windowMs: HOUR })).toEqual([]);
    }
    const [owed] = await store.pending(T0 + 2 * HOUR);
    expect(owed?.alert.count).toBe(10);
  });

  it("keeps every unreported closed window when many pile up (overflow moves to archive items)", async () => {
    const store = await newStore();
    const windows = MAX_CLOSED_IN_HEAD + 4;
    for (let w = 0; w < windows; w++) {
      await store.apply([finding(w * 60), finding(w * 60 + 1)], { batchId: `w${w}`, windowMs: HOUR });
    }
    const now = T0 + (windows + 1) * HOUR;
    const owedByKey = await store.pending(now, ["k"]);
    const owedByScan = await store.pending(now);
    expect(owedByKey.map((d) => d.alert.windowStartMs).sort()).toEqual(
      Array.from({ length: windows }, (_, w) => T0 + w * HOUR).sort(),
    );
    expect(owedByScan.map((d) => d.alert.windowStartMs).sort()).toEqual(owedByKey.map((d) => d.alert.windowStartMs).sort());
    expect(owedByKey.every((d) => d.alert.count === 2 && d.kind === "open")).toBe(true);
    // The oldest windows live in archives now: lease, mark and settle them like any other.
    for (const d of owedByKey) {
      const lease = { owner: "sweep", untilMs: now + 1000, nowMs: now };
      expect((await store.claim("k", d.alert.windowStartMs, lease, now))?.alert.count).toBe(2);
      expect(await store.claim("k", d.alert.windowStartMs, { ...lease, owner: "other" }, now)).toBeUndefined();
      await store.markSent("k", d.alert.windowStartMs, 2, "slack");
      await store.markSent("k", d.alert.windowStartMs, 2);
      await store.release("k", d.alert.windowStartMs, "sweep");
    }
    expect(await store.pending(now)).toEqual([]);
    expect(await store.pending(now, ["k"])).toEqual([]);
  });

  it("fails with a StoreError when DynamoDB is unreachable", async () => {
    const dead = new DynamoStore({ client: dynamoClient("http://127.0.0.1:9", 1), table: "dedup-missing", listOwed: scanOwed });
    await expect(dead.apply([finding(0)], { batchId: "x", windowMs: HOUR })).rejects.toBeInstanceOf(StoreError);
    await expect(dead.pending(T0)).rejects.toBeInstanceOf(StoreError);
  });

  it("fails with a StoreError when the table does not exist", async () => {
    const store = new DynamoStore({ client: peer.client, table: "no-such-table" });
    await expect(store.apply([finding(0)], { batchId: "x", windowMs: HOUR })).rejects.toThrow(/ResourceNotFound/);
  });
});
