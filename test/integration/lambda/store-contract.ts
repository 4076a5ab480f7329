// The DedupStore contract: one suite that runs against the in-memory store (CLI) and the
// DynamoDB store on dynalite (Lambda), so both keep the same semantics.
import { describe, expect, it } from "vitest";
import type { DedupStore } from "../../../shared/store/store.ts";
import type { Finding } from "../../../shared/types.ts";

export const HOUR = 3_600_000;
export const T0 = Date.parse("2026-03-01T02:00:00Z");

export function finding(minutes: number, key = "k", extra: Partial<Finding> = {}): Finding {
  return {
    rule: "system-forbidden",
    severity: "medium",
    dedupKey: key,
    cluster: "prod-1",
    account: "111122223333",
    region: "eu-west-1",
    timeMs: T0 + minutes * 60_000,
    recordId: `${key}-${minutes}-${extra.recordId ?? ""}`,
    actor: "eks:addon-manager",
    facts: { verbs: [`v${minutes}`], nodes: [`n${minutes % 3}`] },
    knownIssues: [],
    ...extra,
  };
}

const opts = (batchId: string) => ({ batchId, windowMs: HOUR });
const summary = (ds: Awaited<ReturnType<DedupStore["pending"]>>) =>
  ds.map((d) => [d.alert.dedupKey, d.kind, d.alert.count, d.previouslyReported, d.closed]).sort();

export function storeContract(name: string, makeStore: () => Promise<DedupStore>): void {
  describe(`DedupStore contract: ${name}`, () => {
    it("opens a window once and folds the rest of the batch into it", async () => {
      const store = await makeStore();
      const due = await store.apply([finding(1), finding(0), finding(2)], opts("b1"));
      expect(due.map((d) => [d.kind, d.alert.count, d.alert.windowStartMs, d.closed, d.previouslyReported])).toEqual([
        ["open", 3, T0, false, 0],
      ]);
      expect(due[0]!.sent).toEqual({});
      expect(due[0]!.alert.facts.verbs).toEqual(["v0", "v1", "v2"]);
      expect(due[0]!.alert.firstSeenMs).toBe(T0);
      expect(due[0]!.alert.lastSeenMs).toBe(T0 + 2 * 60_000);
    });

    it("counts a redelivered batch once", async () => {
      const store = await makeStore();
      await store.apply([finding(0), finding(1)], opts("same"));
      expect(await store.apply([finding(0), finding(1)], opts("same"))).toEqual([]);
      expect(summary(await store.pending(T0 + 2 * HOUR))).toEqual([["k", "open", 2, 0, true]]);
    });

    it("reports a storm once at the start and once more with its true size", async () => {
      const store = await makeStore();
      expect((await store.apply([finding(0), finding(1)], opts("b1"))).map((d) => d.kind)).toEqual(["open"]);
      await store.markSent("k", T0, 2);
      for (let i = 2; i < 50; i += 8) {
        expect(await store.apply([finding(i), finding(i + 3)], opts(`b${i}`))).toEqual([]);
      }
      expect(await store.pending(T0 + 30 * 60_000, ["k"])).toEqual([]);
      const next = await store.apply([finding(61)], opts("after"));
      expect(summary(next)).toEqual([
        ["k", "open", 1, 0, false],
        ["k", "update", 14, 2, true],
      ]);
    });

    it("counts a late finding in the open window without opening one", async () => {
      const store = await makeStore();
      await store.apply([finding(61)], opts("b1"));
      await store.markSent("k", T0 + 61 * 60_000, 1);
      expect(await store.apply([finding(10)], opts("late"))).toEqual([]);
      const owed = await store.pending(T0 + 3 * HOUR);
      expect(owed.map((d) => [d.kind, d.alert.count, d.alert.windowStartMs, d.alert.firstSeenMs])).toEqual([
        ["update", 2, T0 + 61 * 60_000, T0 + 10 * 60_000],
      ]);
    });

    it("splits one batch across a window's end: fold, update, open", async () => {
      const store = await makeStore();
      await store.apply([finding(0)], opts("b1"));
      await store.markSent("k", T0, 1);
      const due = await store.apply([finding(30), finding(59), finding(60), finding(70)], opts("b2"));
      expect(summary(due)).toEqual([
        ["k", "open", 2, 0, false],
        ["k", "update", 3, 1, true],
      ]);
    });

    it("reports a window that opened and closed inside one batch once, with its full count", async () => {
      const store = await makeStore();
      const due = await store.apply([finding(0), finding(5), finding(65), finding(200)], opts("b1"));
      expect(summary(due)).toEqual([
        ["k", "open", 1, 0, false],
        ["k", "open", 1, 0, true],
        ["k", "open", 2, 0, true],
      ]);
    });

    it("lists what is owed: unsent opens, and closed windows with unreported counts", async () => {
      const store = await makeStore();
      await store.apply([finding(0, "a"), finding(0, "b")], opts("1"));
      await store.markSent("a", T0, 1);
      await store.apply([finding(10, "a")], opts("2"));
      expect(summary(await store.pending(T0 + 30 * 60_000))).toEqual([["b", "open", 1, 0, false]]);
      expect(summary(await store.pending(T0 + HOUR))).toEqual([
        ["a", "update", 2, 1, true],
        ["b", "open", 1, 0, true],
      ]);
      expect(summary(await store.pending(T0 + HOUR, ["a"]))).toEqual([["a", "update", 2, 1, true]]);
      expect(await store.pending(T0 + HOUR, ["nope"])).toEqual([]);
    });

    it("tracks what each sink took; only a report to all of them settles the window", async () => {
      const store = await makeStore();
      await store.apply([finding(0), finding(1)], opts("1"));
      await store.markSent("k", T0, 2, "sns");
      await store.markSent("k", T0, 1, "sns");
      const [d] = await store.pending(T0 + 10 * 60_000);
      expect([d?.kind, d?.sent]).toEqual(["open", { sns: 2 }]);
      await store.markSent("k", T0, 2, "slack");
      await store.markSent("k", T0, 2);
      expect(await store.pending(T0 + 2 * HOUR)).toEqual([]);
      await store.markSent("k", T0, 1);
      expect(await store.pending(T0 + 2 * HOUR)).toEqual([]);
    });

    it("leases a window to one sender at a time", async () => {
      const store = await makeStore();
      await store.apply([finding(0)], opts("1"));
      const now = T0 + 60_000;
      const a = await store.claim("k", T0, { owner: "A", untilMs: now + 30_000, nowMs: now }, now);
      expect([a?.kind, a?.alert.count]).toEqual(["open", 1]);
      expect(await store.claim("k", T0, { owner: "B", untilMs: now + 30_000, nowMs: now + 1 }, now + 1)).toBeUndefined();
      await store.release("k", T0, "B");
      expect(await store.claim("k", T0, { owner: "B", untilMs: now + 30_000, nowMs: now + 2 }, now + 2)).toBeUndefined();
      await store.release("k", T0, "A");
      expect((await store.claim("k", T0, { owner: "B", untilMs: now + 30_000, nowMs: now + 3 }, now + 3))?.kind).toBe("open");
      // B died: its lease runs out and C takes over.
      expect((await store.claim("k", T0, { owner: "C", untilMs: now + 90_000, nowMs: now + 30_000 }, now + 30_000))?.kind).toBe("open");
      await store.markSent("k", T0, 1);
      await store.release("k", T0, "C");
      expect(await store.claim("k", T0, { owner: "D", untilMs: now + 90_000, nowMs: now + 31_000 }, now + 31_000)).toBeUndefined();
      expect(await store.claim("nope", T0, { owner: "D", untilMs: now + 90_000, nowMs: now }, now)).toBeUndefined();
    });

    it("claims an update only once the window is closed", async () => {
      const store = await makeStore();
      await store.apply([finding(0)], opts("1"));
      await store.markSent("k", T0, 1);
      await store.apply([finding(20)], opts("2"));
      const lease = (nowMs: number) => ({ owner: "S", untilMs: nowMs + 1000, nowMs });
      expect(await store.claim("k", T0, lease(T0 + 30 * 60_000), T0 + 30 * 60_000)).toBeUndefined();
      // Event handlers judge closure in event time only (asOf 0): no update before a newer window.
      expect(await store.claim("k", T0, lease(T0 + HOUR), 0)).toBeUndefined();
      const d = await store.claim("k", T0, lease(T0 + HOUR), T0 + HOUR);
      expect([d?.kind, d?.alert.count, d?.previouslyReported, d?.closed]).toEqual(["update", 2, 1, true]);
    });

    it("keeps the newest add-on state", async () => {
      const store = await makeStore();
      await store.saveAddonStates(new Map([["x", { version: "v1.19.4-eksbuild.1", features: ["custom-networking"], timeMs: 20 }]]));
      await store.saveAddonStates(new Map([["x", { version: "v1.19.3-eksbuild.1", features: [], timeMs: 10 }]]));
      await store.saveAddonStates(new Map([["y", { version: null, features: [], timeMs: 5 }]]));
      const got = await store.loadAddonStates(["x", "y", "z"]);
      expect(got.get("x")).toEqual({ version: "v1.19.4-eksbuild.1", features: ["custom-networking"], timeMs: 20 });
      expect(got.get("y")).toEqual({ version: null, features: [], timeMs: 5 });
      expect(got.has("z")).toBe(false);
    });
  });
}
