import { describe, expect, it } from "vitest";
import { segmentByWindow, byEventTime } from "../../../shared/store/window.ts";
import { foldAlerts, mergeFacts, openAlert } from "../../../shared/store/fold.ts";
import type { Finding } from "../../../shared/types.ts";

const HOUR = 3_600_000;
const T0 = Date.parse("2026-01-01T00:00:00Z");

function finding(minutes: number, facts: Finding["facts"] = {}, id = `r${minutes}`): Finding {
  return {
    rule: "cninodes-forbidden",
    severity: "high",
    dedupKey: "k",
    cluster: "c",
    account: "1",
    region: "r",
    timeMs: T0 + minutes * 60_000,
    recordId: id,
    actor: "eks:vpc-resource-controller",
    facts,
    knownIssues: [],
  };
}

describe("segmentByWindow", () => {
  it("folds findings inside one window and opens a new one at the window's end exactly", () => {
    const segs = segmentByWindow([finding(0), finding(30), finding(59), finding(60), finding(61)], undefined, HOUR);
    expect(segs.map((s) => [s.joinsOpen, s.alert.count, s.alert.windowStartMs - T0])).toEqual([
      [false, 3, 0],
      [false, 2, HOUR],
    ]);
  });

  it("counts a late finding in the open window and never opens a window for it", () => {
    const open = { windowStartMs: T0 + 2 * HOUR, windowEndMs: T0 + 3 * HOUR };
    const segs = segmentByWindow([finding(10), finding(130)], open, HOUR);
    expect(segs).toHaveLength(1);
    expect(segs[0]!.joinsOpen).toBe(true);
    expect(segs[0]!.alert.count).toBe(2);
    expect(segs[0]!.alert.windowStartMs).toBe(open.windowStartMs);
    expect(segs[0]!.alert.firstSeenMs).toBe(T0 + 10 * 60_000);
  });

  it("opens a new window when the first finding is at or after the open window's end", () => {
    const open = { windowStartMs: T0, windowEndMs: T0 + HOUR };
    const segs = segmentByWindow([finding(60)], open, HOUR);
    expect(segs.map((s) => s.joinsOpen)).toEqual([false]);
  });

  it("sorts by event time then record id", () => {
    const list = [finding(5, {}, "b"), finding(5, {}, "a"), finding(1)];
    expect(list.sort(byEventTime).map((f) => f.recordId)).toEqual(["r1", "a", "b"]);
  });
});

describe("folding", () => {
  it("merges sets, adds counters and keeps the newest scalars", () => {
    const merged = mergeFacts(
      { nodes: ["a", "b"], actions: { X: 2 }, user: "old" },
      { nodes: ["b", "c"], actions: { X: 1, Y: 4 }, user: "new" },
    );
    expect(merged).toEqual({ nodes: ["a", "b", "c"], actions: { X: 3, Y: 4 }, user: "new" });
  });

  it("is order-independent for counts, sets and first/last seen", () => {
    const a = openAlert(finding(1, { nodes: ["n1"], v: "one" }), HOUR);
    const b = openAlert(finding(9, { nodes: ["n2"], v: "nine" }), HOUR);
    const ab = foldAlerts(a, b);
    const ba = foldAlerts(b, a);
    for (const x of [ab, ba]) {
      expect(x.count).toBe(2);
      expect(x.firstSeenMs).toBe(T0 + 60_000);
      expect(x.lastSeenMs).toBe(T0 + 9 * 60_000);
      expect(x.facts.v).toBe("nine");
      expect([...(x.facts.nodes as string[])].sort()).toEqual(["n1", "n2"]);
    }
  });

  it("keeps at most five samples and the worst severity", () => {
    let alert = openAlert(finding(0), HOUR);
    for (let i = 1; i < 9; i++) alert = foldAlerts(alert, openAlert({ ...finding(i), severity: i === 4 ? "critical" : "low" }, HOUR));
    expect(alert.samples).toHaveLength(5);
    expect(alert.severity).toBe("critical");
    expect(alert.count).toBe(9);
  });
});
