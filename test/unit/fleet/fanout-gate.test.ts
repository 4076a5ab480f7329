// The account-region gate (shared/fleet/fanout/adaptive.ts) on a virtual clock against a token
// bucket in that clock's time: deterministic, no wall-clock assertion. Throttled calls are all
// retried and succeed, a throttled account-region is paced near the bucket's refill, and an
// unthrottled one beside it is not slowed.
import { describe, expect, it } from "vitest";
import { createGate, isThrottle } from "../../../shared/fleet/fanout/adaptive.ts";
import { decodeMessage, encodeMessage } from "../../../shared/fleet/fanout/messages.ts";
import { mergePartials, NOT_AUDITED } from "../../../shared/fleet/fanout/merge.ts";
import { memoryRunStore } from "../../../shared/fleet/fanout/run-store.ts";

/** Time moves only when every task waits on it; timers fire in order. */
function virtualClock() {
  let t = 0;
  const timers: Array<{ at: number; seq: number; fire: () => void }> = [];
  let seq = 0;
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  };
  return {
    now: () => t,
    sleep: (ms: number) => new Promise<void>((fire) => timers.push({ at: t + Math.max(0, ms), seq: seq++, fire })),
    async run<T>(work: Promise<T>): Promise<T> {
      let done = false;
      work.then(
        () => (done = true),
        () => (done = true),
      );
      for (;;) {
        await settle();
        if (done) return work;
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = timers.shift();
        if (!next) throw new Error("deadlock: nothing to wait for");
        t = next.at;
        next.fire();
      }
    },
  };
}

const throttle = () => Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException", $metadata: { httpStatusCode: 429 } });

/** An EKS-like API: 50 ms per call, a token bucket (rate/s, burst) checked on arrival. */
function api(clock: { now(): number; sleep(ms: number): Promise<void> }, rate: number | null, burst = 10) {
  let tokens = burst;
  let at = 0;
  const tally = { ok: 0, throttled: 0 };
  const call = async () => {
    if (rate !== null) {
      tokens = Math.min(burst, tokens + ((clock.now() - at) / 1000) * rate);
      at = clock.now();
    }
    const ok = rate === null || tokens >= 1;
    if (ok && rate !== null) tokens -= 1;
    await clock.sleep(50);
    if (!ok) {
      tally.throttled++;
      throw throttle();
    }
    tally.ok++;
    return "ok";
  };
  return { call, tally };
}

describe("fleet gate", () => {
  it("retries every throttled call until it succeeds, pacing near the refill: close to the floor, few 429s", async () => {
    const clock = virtualClock();
    const server = api(clock, 10);
    const gate = createGate({ clock });
    const results = await clock.run(Promise.all(Array.from({ length: 200 }, () => gate.run(server.call))));
    expect(results.every((r) => r === "ok")).toBe(true);
    expect(server.tally.ok).toBe(200);
    const floorMs = ((200 - 10) / 10) * 1000;
    expect(clock.now()).toBeGreaterThanOrEqual(floorMs);
    expect(clock.now()).toBeLessThanOrEqual(floorMs * 1.2);
    expect(server.tally.throttled).toBeLessThan(200 * 0.35);
    expect(gate.stats()).toMatchObject({ calls: 200 + server.tally.throttled, throttled: server.tally.throttled });
    expect(gate.stats().rate).toBeGreaterThan(8);
  });

  it("a throttled account-region does not slow an unthrottled one", async () => {
    const clock = virtualClock();
    const slow = api(clock, 5);
    const fast = api(clock, null);
    const [a, b] = [createGate({ clock }), createGate({ clock })];
    let fastDone = 0;
    await clock.run(
      Promise.all([
        Promise.all(Array.from({ length: 60 }, () => a.run(slow.call))),
        Promise.all(Array.from({ length: 160 }, () => b.run(fast.call))).then(() => (fastDone = clock.now())),
      ]),
    );
    // 160 calls, 16 at a time, 50 ms each: 500 ms, as if alone; the slow one takes its ~10 s.
    expect(fastDone).toBe(500);
    expect(b.stats()).toMatchObject({ throttled: 0, rate: null });
    expect(clock.now()).toBeGreaterThanOrEqual(((60 - 10) / 5) * 1000);
  });

  it("passes other errors through; retries a transient one twice; gives up on endless throttling", async () => {
    const clock = virtualClock();
    const gate = createGate({ clock, maxThrottledAttempts: 5 });
    const denied = Object.assign(new Error("no"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 403 } });
    await expect(clock.run(gate.run(async () => Promise.reject(denied)))).rejects.toBe(denied);
    let n = 0;
    const flaky = async () => (++n < 3 ? Promise.reject(Object.assign(new Error("busy"), { $metadata: { httpStatusCode: 503 } })) : "ok");
    await expect(clock.run(gate.run(flaky))).resolves.toBe("ok");
    expect(n).toBe(3);
    await expect(clock.run(gate.run(async () => Promise.reject(throttle())))).rejects.toMatchObject({ name: "ThrottlingException" });
    expect(isThrottle({ name: "TooManyRequestsException" })).toBe(true);
    expect(isThrottle(denied)).toBe(false);
  });
});

describe("fleet messages and merge", () => {
  it("round-trips messages and refuses hostile ones", () => {
    const m = { kind: "partition", runId: "2026-12-04T18-00-00-000Z-ab12", account: "111122223333", region: "eu-west-1" } as const;
    expect(decodeMessage(encodeMessage(m))).toEqual(m);
    for (const bad of [
      "{",
      "{}",
      '{"kind":"partition","runId":"r","account":"1","region":"eu-west-1"}',
      '{"kind":"merge","runId":"../x","reason":"complete"}',
      '{"kind":"partition","runId":"r","account":null,"region":"$(id)"}',
    ]) {
      expect(() => decodeMessage(bad), bad).toThrow();
    }
  });

  it("lists every partition without a partial as not audited; counts a redelivered partition once", async () => {
    const runs = memoryRunStore();
    const partitions = [
      { account: "111122223333", region: "eu-west-1" },
      { account: "444455556666", region: "eu-west-1" },
    ];
    const scope = { regions: ["eu-west-1"], accounts: ["111122223333", "444455556666"], roleName: "r" };
    await runs.create({ runId: "r1", takenAt: "2026-12-04T18:00:00.000Z", scope, partitions }, 0);
    expect(await runs.markDone("r1", "111122223333/eu-west-1")).toEqual({ done: 1, expected: 2 });
    expect(await runs.markDone("r1", "111122223333/eu-west-1")).toEqual({ done: 1, expected: 2 });
    expect(await runs.claimMerge("r1", 0, 1000)).toBe(true);
    expect(await runs.claimMerge("r1", 500, 1000)).toBe(false);
    expect(await runs.claimMerge("r1", 1001, 1000)).toBe(true);
    const part = { schema: "cni-auditor/fleet-snapshot", schemaVersion: 1, takenAt: "x", scope, clusters: [], failures: [] } as never;
    const merged = mergePartials((await runs.get("r1"))!, new Map([["111122223333/eu-west-1", part]]));
    expect(merged.failures).toEqual([
      { account: "444455556666", region: "eu-west-1", cluster: null, operation: "FleetPartition", error: NOT_AUDITED },
    ]);
    expect(merged.scope).toEqual(scope);
  });
});
