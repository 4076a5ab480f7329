// Fleet checks honour silences by their fleet/… ids; the report lists active silences and what
// they held back (the store's tallies for event alerts, this report's fleet findings).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderFleetReport } from "../../../shared/fleet/report/index.ts";
import { parseSnapshot } from "../../../shared/fleet/snapshot-io.ts";
import type { SilenceRecord } from "../../../shared/routing/silence-summary.ts";

const snapshot = parseSnapshot(readFileSync(new URL("../../fixtures/fleet/snapshot-test-fleet.json", import.meta.url), "utf8"));
const base = renderFleetReport(snapshot, null);
const target = base.findings[0]!;
const silence = (over: Partial<SilenceRecord> = {}): SilenceRecord => ({
  id: "s-fleet",
  match: { rule: target.rule, ...(target.cluster ? { cluster: target.cluster } : {}) },
  until: new Date(Date.parse(snapshot.takenAt) + 86_400_000).toISOString(),
  reason: "accepted until the upgrade window",
  createdBy: "arn:aws:sts::111122223333:assumed-role/admin/alice",
  createdAt: snapshot.takenAt,
  ...over,
});

describe("fleet report with silences", () => {
  it("holds back the findings a silence matches and lists the silence with its counts", () => {
    const tallies = new Map([["s-fleet", { silenceId: "s-fleet", events: 12, keys: ["k"], worstSeverity: "high" as const, firstSeverity: "high" as const }]]);
    const r = renderFleetReport(snapshot, null, { silences: [silence({ maxSeverity: "critical" })], tallies });
    const matching = base.findings.filter((f) => f.rule === target.rule && f.cluster === target.cluster);
    expect(matching.length).toBeGreaterThan(0);
    expect(r.findings).toHaveLength(base.findings.length - matching.length);
    expect(r.report.summary.findings).toBe(r.findings.length);
    expect(r.report.silences).toEqual([
      expect.objectContaining({ id: "s-fleet", heldBack: { events: 12, keys: 1, worstSeverity: "high", fleetFindings: matching.length } }),
    ]);
    expect(r.markdown).toContain("## Active silences");
    expect(r.markdown).toContain(`and ${matching.length} findings of this report`);
    expect(JSON.parse(r.json).silences[0].id).toBe("s-fleet");
    expect(r.html).toContain("<h2>Active silences</h2>");
    const hostile = renderFleetReport(snapshot, null, { silences: [silence({ reason: "<script>alert(1)</script>" })] });
    expect(hostile.html).not.toContain("<script>alert(1)");
  });

  it("an ended silence holds nothing back and is not listed; a finding worse than maxSeverity breaks through", () => {
    const ended = renderFleetReport(snapshot, null, { silences: [silence({ until: snapshot.takenAt })] });
    expect(ended.findings).toHaveLength(base.findings.length);
    expect(ended.report.silences).toEqual([]);
    const low = renderFleetReport(snapshot, null, { silences: [silence({ match: { rule: target.rule }, maxSeverity: "info" })] });
    expect(low.findings.filter((f) => f.rule === target.rule).length).toBe(base.findings.filter((f) => f.rule === target.rule && f.severity !== "info").length);
  });
});
