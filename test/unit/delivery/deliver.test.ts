import { describe, expect, it } from "vitest";
import { MemoryStore } from "../../../shared/store/memory-store.ts";
import { deliverDue, type Clock, type DeliveryContext, type DeliveryLog } from "../../../shared/delivery/index.ts";
import { SinkDeliveryError } from "../../../shared/errors.ts";
import { SinkRateLimitedError } from "../../../shared/errors.ts";
import type { AlertSink, Delivery } from "../../../shared/sinks/sink.ts";
import type { Alert, FoldedAlert, Severity } from "../../../shared/types.ts";
import { finding, HOUR, T0 } from "../../integration/lambda/store-contract.ts";

/** A clock that only moves when someone sleeps: retries are checked without real waiting. */
function fakeClock(start: number): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return { now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms)), slept };
}

type Step = "ok" | Error;
function scriptedSink(name: string, steps: Step[], minSeverity: Severity = "info"): AlertSink & { got: Delivery[]; calls: number } {
  const sink = {
    name,
    minSeverity,
    got: [] as Delivery[],
    calls: 0,
    async send(d: Delivery) {
      sink.calls++;
      const step = steps.shift() ?? "ok";
      if (step !== "ok") throw step;
      sink.got.push(d);
    },
  };
  return sink;
}

const render = (f: FoldedAlert): Alert => ({
  rule: f.rule,
  severity: f.severity,
  title: "t",
  cluster: f.cluster,
  account: f.account,
  region: f.region,
  dedupKey: f.dedupKey,
  count: f.count,
  firstSeen: new Date(f.firstSeenMs).toISOString(),
  lastSeen: new Date(f.lastSeenMs).toISOString(),
  facts: f.facts,
  knownIssues: f.knownIssues,
  remediation: "r",
  references: [],
  samples: f.samples,
});

const logs: Array<[string, string, Record<string, unknown> | undefined]> = [];
const log: DeliveryLog = {
  debug: (m, a) => void logs.push(["debug", m, a]),
  info: (m, a) => void logs.push(["info", m, a]),
  warn: (m, a) => void logs.push(["warn", m, a]),
  error: (m, a) => void logs.push(["error", m, a]),
};

function context(store: MemoryStore, sinks: AlertSink[], clock: Clock, budgetMs = 60_000, owner = "inv-1"): DeliveryContext {
  return {
    store,
    sinks,
    render,
    clock,
    log,
    owner,
    asOfMs: clock.now(),
    leaseUntilMs: clock.now() + budgetMs,
    retry: { deadlineMs: clock.now() + budgetMs, random: () => 0.5 },
  };
}

async function storeWithOpen(count = 2) {
  const store = new MemoryStore();
  const due = await store.apply(Array.from({ length: count }, (_, i) => finding(i)), { batchId: "b", windowMs: HOUR });
  return { store, due };
}

describe("deliverDue", () => {
  it("sends an open to every sink, marks each and settles the window", async () => {
    const { store, due } = await storeWithOpen();
    const slack = scriptedSink("slack", []);
    const sns = scriptedSink("sns", []);
    const report = await deliverDue(due, context(store, [slack, sns], fakeClock(T0)));
    expect(report.sent.map((s) => [s.sink, s.kind, s.count])).toEqual([
      ["slack", "open", 2],
      ["sns", "open", 2],
    ]);
    expect(report.failures).toEqual([]);
    expect(await store.pending(T0 + 2 * HOUR)).toEqual([]);
  });

  it("waits Slack's Retry-After on 429, then delivers once", async () => {
    const { store, due } = await storeWithOpen();
    const clock = fakeClock(T0);
    const slack = scriptedSink("slack", [new SinkRateLimitedError("slack", "429", 7000)]);
    const report = await deliverDue(due, context(store, [slack], clock));
    expect(clock.slept).toEqual([7000]);
    expect(slack.calls).toBe(2);
    expect(slack.got).toHaveLength(1);
    expect(report.failures).toEqual([]);
  });

  it("backs off exponentially on 5xx within the time left, then leaves the alert pending", async () => {
    const { store, due } = await storeWithOpen();
    const clock = fakeClock(T0);
    const e500 = () => new SinkDeliveryError("slack", "HTTP 500", { retryable: true });
    const slack = scriptedSink("slack", Array.from({ length: 20 }, e500));
    const report = await deliverDue(due, context(store, [slack], clock, 3000));
    // random() = 0.5 → half of 250, 500, 1000, 2000…; the 4th wait would pass the deadline.
    expect(clock.slept).toEqual([125, 250, 500, 1000]);
    expect(report.failures.map((f) => f.sink)).toEqual(["slack"]);
    expect((await store.pending(T0 + 60_000)).map((d) => d.kind)).toEqual(["open"]);
  });

  it("does not wait for a Retry-After longer than the time left", async () => {
    const { store, due } = await storeWithOpen();
    const clock = fakeClock(T0);
    const slack = scriptedSink("slack", [new SinkRateLimitedError("slack", "429", 30_000)]);
    const report = await deliverDue(due, context(store, [slack], clock, 10_000));
    expect(clock.slept).toEqual([]);
    expect(report.failures).toHaveLength(1);
  });

  it("does not retry a permanent refusal", async () => {
    const { store, due } = await storeWithOpen();
    const slack = scriptedSink("slack", [new SinkDeliveryError("slack", "HTTP 404: no_service", { retryable: false })]);
    const report = await deliverDue(due, context(store, [slack], fakeClock(T0)));
    expect(slack.calls).toBe(1);
    expect(report.failures[0]?.reason).toMatch(/no_service/);
  });

  it("a retry sends only to the sink that failed, and nothing once all took it", async () => {
    const { store, due } = await storeWithOpen();
    const slack = scriptedSink("slack", []);
    const sns = scriptedSink("sns", [new SinkDeliveryError("sns", "Publish failed (HTTP 500)", { retryable: false })]);
    const first = await deliverDue(due, context(store, [slack, sns], fakeClock(T0)));
    expect(first.failures.map((f) => f.sink)).toEqual(["sns"]);
    const again = await store.pending(T0 + 60_000, ["k"]);
    expect(again.map((d) => d.sent)).toEqual([{ slack: 2 }]);
    const second = await deliverDue(again, context(store, [slack, sns], fakeClock(T0 + 60_000), 60_000, "inv-2"));
    expect(second.sent.map((s) => s.sink)).toEqual(["sns"]);
    expect([slack.got.length, sns.got.length]).toEqual([1, 1]);
    expect(await deliverDue(await store.pending(T0 + 3 * HOUR), context(store, [slack, sns], fakeClock(T0 + 3 * HOUR)))).toEqual({
      sent: [],
      failures: [],
      skipped: 0,
    });
  });

  it("skips a window another sender holds", async () => {
    const { store, due } = await storeWithOpen();
    await store.claim("k", T0, { owner: "other", untilMs: T0 + 60_000, nowMs: T0 }, T0);
    const slack = scriptedSink("slack", []);
    const report = await deliverDue(due, context(store, [slack], fakeClock(T0 + 1000)));
    expect([report.skipped, slack.calls]).toEqual([1, 0]);
  });

  it("sends an update with the true count and what each sink had, when the window closed", async () => {
    const { store, due } = await storeWithOpen(1);
    const slack = scriptedSink("slack", []);
    await deliverDue(due, context(store, [slack], fakeClock(T0)));
    await store.apply([finding(10), finding(20)], { batchId: "b2", windowMs: HOUR });
    expect(await deliverDue(await store.pending(T0 + 30 * 60_000), context(store, [slack], fakeClock(T0 + 30 * 60_000)))).toMatchObject({ sent: [] });
    const closedDue = await store.pending(T0 + HOUR);
    await deliverDue(closedDue, context(store, [slack], fakeClock(T0 + HOUR)));
    expect(slack.got.map((d) => [d.kind, d.alert.count, d.previouslyReported])).toEqual([
      ["open", 1, 0],
      ["update", 3, 1],
    ]);
  });

  it("respects each sink's minimum severity and still settles the window", async () => {
    const store = new MemoryStore();
    const due = await store.apply([finding(0, "k", { severity: "low" })], { batchId: "b", windowMs: HOUR });
    const slack = scriptedSink("slack", [], "medium");
    const sns = scriptedSink("sns", [], "info");
    await deliverDue(due, context(store, [slack, sns], fakeClock(T0)));
    expect([slack.got.length, sns.got.length]).toEqual([0, 1]);
    expect(await store.pending(T0 + 2 * HOUR)).toEqual([]);
  });
});
