import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { renderFleetReport } from "../../../shared/fleet/report/index.ts";
import { parseReport } from "../../../shared/fleet/report/report-io.ts";
import { parseSnapshot } from "../../../shared/fleet/snapshot-io.ts";
import { fleetSummaryAlert } from "../../../shared/fleet/summary-alert.ts";
import { makeCluster, makeSnapshot } from "./cluster-fixture.ts";

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/fleet/${name}`, import.meta.url), "utf8");
const URL_ = "https://reports.example.com/reports/2026/08/30/060000Z/report.html";

describe("fleet summary alert", () => {
  const { report } = renderFleetReport(parseSnapshot(fixture("snapshot-test-fleet.json")), parseReport(fixture("previous-report.json")));
  const alert = fleetSummaryAlert(report, URL_);

  it("has the contract's alert shape with the worst severity and the counts", () => {
    expect(Object.keys(alert)).toEqual(["rule", "severity", "title", "cluster", "account", "region", "dedupKey", "count", "firstSeen", "lastSeen", "facts", "knownIssues", "remediation", "references", "samples"]);
    expect(alert).toMatchObject({ rule: "fleet/summary", severity: "critical", count: 1, firstSeen: report.generatedAt, references: [URL_], samples: [] });
    expect(alert.facts).toMatchObject({ clusters: 8, findings: report.findings.length, critical: report.summary.bySeverity.critical, unreadable: 2, reportUrl: URL_ });
    expect(alert.title).toBe(
      `Fleet audit: ${report.findings.length} findings on 6 of 8 clusters (${report.summary.bySeverity.critical} critical, ${report.summary.bySeverity.high} high, ${report.summary.bySeverity.medium} medium, ${report.summary.bySeverity.low} low) — 2 could not be read`,
    );
  });

  it("lists the five worst findings, the changes and the unreadable clusters", () => {
    const worst = alert.remediation.split("\n").filter((l) => /^- (CRITICAL|HIGH|MEDIUM|LOW|INFO) /.test(l));
    expect(worst.length).toBe(5);
    expect(worst[0]).toMatch(/^- CRITICAL /);
    expect(alert.remediation).toContain(`- … and ${report.findings.length - 5} more in the report`);
    expect(alert.remediation).toMatch(/\*\*Since 2026-08-29 06:00 UTC:\*\* \d+ new, \d+ resolved/);
    expect(alert.remediation).toContain("- broken-1 in 111122223333/us-west-2: DescribeCluster AccessDeniedException");
    // Hostile cluster names stay escaped in the Markdown the sinks render.
    expect(alert.remediation).not.toMatch(/[^\\]<img/);
  });

  it("is info for a clean fleet and at least medium when clusters could not be read", () => {
    const clean = renderFleetReport(makeSnapshot([makeCluster()])).report;
    expect(fleetSummaryAlert(clean, URL_)).toMatchObject({ severity: "info", title: "Fleet audit: 0 findings on 0 of 1 clusters" });
    const blind = renderFleetReport(
      makeSnapshot([makeCluster()], { failures: [{ account: null, region: "us-west-2", cluster: null, operation: "ListClusters", error: "ExpiredToken" }] }),
    ).report;
    expect(fleetSummaryAlert(blind, URL_).severity).toBe("medium");
  });
});
