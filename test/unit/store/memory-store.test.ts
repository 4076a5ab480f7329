import { describe, expect, it } from "vitest";
import { MemoryStore } from "../../../shared/store/memory-store.ts";
import type { Finding } from "../../../shared/types.ts";

const HOUR = 3_600_000;
const T0 = Date.parse("2026-01-01T00:00:00Z");
const f = (minutes: number, key = "k"): Finding => ({
  rule: "system-forbidden",
  severity: "medium",
  dedupKey: key,
  cluster: "c",
  account: null,
  region: null,
  timeMs: T0 + minutes * 60_000,
  recordId: `${key}-${minutes}`,
  actor: null,
  facts: {},
  knownIssues: [],
});

describe("MemoryStore", () => {
  it("reports a storm once at the start and once more with its true size", async () => {
    const store = new MemoryStore();
    const first = await store.apply([f(0), f(1)], { batchId: "b1", windowMs: HOUR });
    expect(first.map((d) => [d.kind, d.alert.count])).toEqual([["open", 2]]);
    await store.markSent("k", T0, 2);
    expect(await store.apply([f(2), f(3), f(50)], { batchId: "b2", windowMs: HOUR })).toEqual([]);
    // The next event after the window's end notices the closed window's unreported count.
    const next = await store.apply([f(61)], { batchId: "b3", windowMs: HOUR });
    expect(next.map((d) => [d.kind, d.alert.count, d.previouslyReported])).toEqual([
      ["update", 5, 2],
      ["open", 1, 0],
    ]);
  });

  it("counts a redelivered batch once", async () => {
    const store = new MemoryStore();
    await store.apply([f(0), f(1)], { batchId: "same", windowMs: HOUR });
    expect(await store.apply([f(0), f(1)], { batchId: "same", windowMs: HOUR })).toEqual([]);
    expect(store.windows().map((w) => w.count)).toEqual([2]);
  });

  it("with a batch per finding (an SQS batch), counts each once whatever subsets come again together", async () => {
    const store = new MemoryStore();
    const perRecord = { batchId: "unused", batchIdOf: (x: Finding) => x.recordId, windowMs: HOUR };
    await store.apply([f(0), f(1), f(2)], perRecord);
    await store.apply([f(1), f(2), f(3)], perRecord);
    expect(store.windows().map((w) => w.count)).toEqual([4]);
  });

  it("lists what is still owed: unsent opens and closed windows with unreported counts", async () => {
    const store = new MemoryStore();
    await store.apply([f(0, "a"), f(0, "b")], { batchId: "1", windowMs: HOUR });
    await store.markSent("a", T0, 1);
    await store.apply([f(10, "a")], { batchId: "2", windowMs: HOUR });
    expect((await store.pending(T0 + 30 * 60_000)).map((d) => [d.alert.dedupKey, d.kind])).toEqual([["b", "open"]]);
    expect((await store.pending(T0 + HOUR)).map((d) => [d.alert.dedupKey, d.kind, d.alert.count])).toEqual([
      ["a", "update", 2],
      ["b", "open", 1],
    ]);
  });

  it("keeps the newest add-on state", async () => {
    const store = new MemoryStore();
    await store.saveAddonStates(new Map([["x", { version: "v1.19.4-eksbuild.1", features: [], timeMs: 20 }]]));
    await store.saveAddonStates(new Map([["x", { version: "v1.19.3-eksbuild.1", features: [], timeMs: 10 }]]));
    expect((await store.loadAddonStates(["x", "y"])).get("x")?.version).toBe("v1.19.4-eksbuild.1");
  });
});
