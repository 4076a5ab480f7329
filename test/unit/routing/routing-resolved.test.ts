// sendResolved: one "resolved" message with the final count once a key stays quiet for a whole
// window after its last event, only to the sinks whose route asks for it; the sweep sends it.
import { describe, expect, it } from "vitest";
import { MemoryStore } from "../../../shared/store/memory-store.ts";
import { deliverDue, type DeliveryContext } from "../../../shared/delivery/index.ts";
import { updateReason, type AlertSink, type Delivery } from "../../../shared/sinks/sink.ts";
import type { Route } from "../../../shared/routing/routes.ts";
import type { Alert, FoldedAlert } from "../../../shared/types.ts";
import { finding, HOUR, T0 } from "../../integration/lambda/store-contract.ts";

const MIN = 60_000;
const sink = (name: string): AlertSink & { got: Delivery[] } => {
  const got: Delivery[] = [];
  return { name, minSeverity: "info", got, send: async (d) => void got.push(d) };
};
const render = (f: FoldedAlert) => ({ ...f, count: f.count, title: "t" }) as unknown as Alert;
const ROUTES: Route[] = [
  { match: { rules: ["system-forbidden"] }, to: ["slack:platform"], sendResolved: true, continue: true },
  { match: {}, to: ["sns:pager"] },
];

function setup() {
  const store = new MemoryStore();
  const slack = sink("slack:platform");
  const sns = sink("sns:pager");
  const ctx = (asOfMs: number): DeliveryContext => ({
    store,
    sinks: [slack, sns],
    render,
    clock: { now: () => T0, sleep: async () => undefined },
    log: { debug() {}, info() {}, warn() {}, error() {} },
    owner: "inv",
    asOfMs,
    leaseUntilMs: T0 + HOUR,
    retry: { deadlineMs: T0 + HOUR },
    routes: ROUTES,
  });
  /** The sweep at `atMs`: everything owed then, delivered with windows closing by that time. */
  const sweep = async (atMs: number) => deliverDue(await store.pending(atMs), ctx(atMs));
  const event = async (minutes: number[], batch: string) => deliverDue(await store.apply(minutes.map((m) => finding(m)), { batchId: batch, windowMs: HOUR }), ctx(0));
  return { store, slack, sns, sweep, event };
}

describe("sendResolved", () => {
  it("one resolved message with the final count, once the key is quiet a whole window, to the asking sink only", async () => {
    const { slack, sns, sweep, event } = setup();
    await event([0, 1], "b1");
    expect(slack.got.map((d) => d.kind)).toEqual(["open"]);
    expect((await sweep(T0 + 1 * MIN + HOUR - 1)).sent).toEqual([]); // not yet quiet a whole window
    const report = await sweep(T0 + 1 * MIN + HOUR);
    expect(report.sent.map((s) => [s.sink, s.count, s.resolved])).toEqual([["slack:platform", 2, true]]);
    expect(slack.got[1]!.resolved).toBe(true);
    expect(updateReason(slack.got[1]!)).toMatch(/^Resolved: .*2 events in all/);
    expect(sns.got.map((d) => d.kind)).toEqual(["open"]);
    expect((await sweep(T0 + 5 * HOUR)).sent).toEqual([]); // once
  });

  it("events the key had after the last message ride on the resolved message itself", async () => {
    const { slack, sns, sweep, event } = setup();
    await event([0], "b1");
    await event([5, 6], "b2"); // folded: nothing sent
    const report = await sweep(T0 + 6 * MIN + HOUR);
    expect(report.sent.map((s) => [s.sink, s.kind, s.count, s.resolved ?? false]).sort()).toEqual([
      ["slack:platform", "update", 3, true],
      ["sns:pager", "update", 3, false],
    ]);
    expect(slack.got).toHaveLength(2);
    expect(sns.got).toHaveLength(2);
    expect((await sweep(T0 + 9 * HOUR)).sent).toEqual([]);
  });

  it("a key that keeps firing is never resolved for the superseded window; its newest window is", async () => {
    const { slack, sweep, event } = setup();
    await event([0], "b1");
    await event([70], "b2"); // a new window: the first was not quiet
    const report = await sweep(T0 + 70 * MIN + HOUR);
    expect(report.sent.filter((s) => s.resolved).map((s) => [s.windowStartMs, s.count])).toEqual([[T0 + 70 * MIN, 1]]);
    expect(slack.got.filter((d) => d.resolved)).toHaveLength(1);
  });

  it("without sendResolved nothing more is sent when the key goes quiet", async () => {
    const { sns, sweep, event } = setup();
    await event([0], "b1");
    await sweep(T0 + 3 * HOUR);
    expect(sns.got).toHaveLength(1);
  });
});
