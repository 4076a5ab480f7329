import { describe, expect, it } from "vitest";
import { SET_LIMIT } from "../../../shared/core/limits.ts";
import { foldAlerts, openAlert } from "../../../shared/store/fold.ts";
import { toAlert } from "../../../shared/rules/alert.ts";
import type { Finding } from "../../../shared/types.ts";

const finding = (i: number): Finding => ({
  rule: "cninodes-forbidden",
  severity: "high",
  dedupKey: "1|r|cninodes-forbidden|c",
  cluster: "c",
  account: "1",
  region: "r",
  timeMs: 1_000 + i,
  recordId: `r${i}`,
  actor: "eks:vpc-resource-controller",
  facts: { verbs: ["patch"], nodes: [`node-${i}`] },
  knownIssues: [],
});

describe("cninodes-forbidden over more nodes than a stored set keeps", () => {
  it("says the node count is a lower bound instead of understating it", () => {
    let folded = openAlert(finding(0), 3_600_000);
    for (let i = 1; i < SET_LIMIT + 50; i++) folded = foldAlerts(folded, openAlert(finding(i), 3_600_000));
    const alert = toAlert(folded);
    expect(alert.count).toBe(SET_LIMIT + 50);
    expect(alert.facts.nodeCount).toBe(SET_LIMIT);
    expect(alert.facts.nodeCountIsLowerBound).toBe(true);
    expect(alert.title).toContain(`on ${SET_LIMIT}+ nodes`);
    expect((alert.facts.nodes as string[]).length).toBe(20);
  });

  it("gives the exact count below the limit", () => {
    const alert = toAlert(foldAlerts(openAlert(finding(0), 3_600_000), openAlert(finding(1), 3_600_000)));
    expect(alert.facts.nodeCount).toBe(2);
    expect(alert.facts.nodeCountIsLowerBound).toBeUndefined();
    expect(alert.title).toContain("on 2 nodes");
  });
});
