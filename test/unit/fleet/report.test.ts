// The report model, the diff with a previous report, and the Markdown renderer, over the
// test fleet snapshot (read from the loopback EKS server, plus a cluster with hostile values).
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { runFleetChecks } from "../../../shared/fleet/evaluate.ts";
import { renderFleetReport } from "../../../shared/fleet/report/index.ts";
import { renderMarkdown } from "../../../shared/fleet/report/markdown.ts";
import { buildFleetReport } from "../../../shared/fleet/report/model.ts";
import { parseReport, serializeReport } from "../../../shared/fleet/report/report-io.ts";
import { parseSnapshot } from "../../../shared/fleet/snapshot-io.ts";
import { seedFleet } from "../../fixtures/plan/seed-fleet.ts";
import { makeCluster, makeSnapshot, vpcCni, withAddon } from "./cluster-fixture.ts";

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/fleet/${name}`, import.meta.url), "utf8");
const snapshot = parseSnapshot(fixture("snapshot-test-fleet.json"));
const previous = parseReport(fixture("previous-report.json"));

describe("fleet report model", () => {
  const { report, findings } = renderFleetReport(snapshot, previous);

  it("counts clusters, failures and findings by severity and rule", () => {
    expect(report.summary).toMatchObject({ clusters: 8, regions: 2, accounts: 1, failedClusters: 2, failedTargets: 0 });
    const bySev = findings.reduce<Record<string, number>>((m, f) => ({ ...m, [f.severity]: (m[f.severity] ?? 0) + 1 }), {});
    for (const [sev, n] of Object.entries(report.summary.bySeverity)) expect(n, sev).toBe(bySev[sev] ?? 0);
    expect(Object.values(report.summary.byRule).reduce((a, b) => a + b, 0)).toBe(findings.length);
    expect(report.summary.clustersWithFindings).toBe(report.clusters.filter((r) => r.findings > 0).length);
  });

  it("orders findings worst first", () => {
    const ranks = report.findings.map((f) => ["critical", "high", "medium", "low", "info"].indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it("describes each cluster's networking and CNI credentials", () => {
    const row = (name: string) => report.clusters.find((r) => r.name === name)!;
    expect(row("auto-1")).toMatchObject({ networking: "auto-mode", vpcCniVersion: null, defaultVersion: null, cniIdentity: null, findings: 0 });
    expect(row("eu-cilium")).toMatchObject({ networking: "other-cni", networkingLabel: "other CNI: cilium", findings: 0 });
    expect(row("prod-west-1")).toMatchObject({ cniIdentity: "IRSA", auditLogging: true, defaultVersion: "v1.22.4-eksbuild.1" });
    expect(row("payments-1")).toMatchObject({ cniIdentity: "Pod Identity", vpcCniStatus: "DEGRADED", worstSeverity: "critical", auditLogging: false });
    expect(row("legacy-batch").cniIdentity).toBe("node role");
    expect(row("eu-selfmanaged").cniIdentity).toBe("node role (unless IRSA is set on aws-node)");
  });

  it("counts vpc-cni versions, marking versions with known issues or below the floor", () => {
    const v = Object.fromEntries(report.summary.vpcCniVersions.map((x) => [x.version, x]));
    expect(v["v1.14.1-eksbuild.1"]).toMatchObject({ clusters: 1, health: "at-risk" });
    expect(v["v1.21.2-eksbuild.1"]).toMatchObject({ clusters: 1, health: "behind" });
    expect(v["v1.22.4-eksbuild.1"]).toMatchObject({ clusters: 1, health: "ok" });
    expect(v["EKS Auto Mode"]).toMatchObject({ clusters: 1, health: "not-an-addon" });
    const total = report.summary.vpcCniVersions.reduce((n, x) => n + x.clusters, 0);
    expect(total).toBe(report.summary.clusters);
  });

  it("round-trips through report.json", () => {
    expect(parseReport(serializeReport(report))).toEqual(report);
  });
});

describe("changes since the previous report", () => {
  const { report } = renderFleetReport(snapshot, previous);
  const keys = (list: { dedupKey: string }[]) => list.map((f) => f.dedupKey).sort();

  it("lists new findings, resolved ones, and keeps unreadable clusters apart", () => {
    const c = report.changes!;
    expect(c.previousGeneratedAt).toBe("2026-08-29T06:00:00.000Z");
    expect(keys(c.new)).toContain("fleet/addon-unhealthy|111122223333|us-west-2|payments-1|vpc-cni");
    expect(c.resolved.every((f) => f.cluster === "retired-1")).toBe(true);
    expect(c.resolved.length).toBeGreaterThan(0);
    // eu-flaky could not be read now: its old findings are not claimed as resolved.
    expect(c.unverified.length).toBeGreaterThan(0);
    expect(c.unverified.every((f) => f.cluster === "eu-flaky")).toBe(true);
    expect(c.new.length + c.unchanged).toBe(report.findings.length);
  });

  it("shows no changes against itself", () => {
    const again = buildFleetReport(snapshot, runFleetChecks(snapshot), report);
    expect(again.changes).toMatchObject({ new: [], resolved: [], unverified: [], unchanged: report.findings.length });
  });
});

describe("fleet report Markdown", () => {
  const md = renderFleetReport(snapshot, previous).markdown;

  it("has the summary, changes, findings, clusters, versions, failures and remediation sections", () => {
    const headings = md.split("\n").filter((l) => l.startsWith("## "));
    expect(headings).toEqual([
      "## What changed since 2026-08-29 06:00 UTC",
      "## Findings",
      "## Clusters",
      "## vpc-cni versions across the fleet",
      "## Could not read",
      "## What to do",
    ]);
    expect(md).toContain("| 111122223333 | us-west-2 | broken-1 | DescribeCluster | AccessDeniedException (HTTP 403):");
  });

  it("escapes API values so they cannot add HTML or break tables", () => {
    // Inside fenced code blocks text is literal; outside, no raw tag may appear.
    const prose = md.replace(/^(`{3,})sh\n[\s\S]*?\n\1$/gm, "");
    expect(prose.length).toBeLessThan(md.length);
    expect(prose).not.toMatch(/(^|[^\\])<(img|script|iframe|svg|a )/m);
    expect(md).toContain("\\<img src=x onerror=alert(1)\\>");
    // Every table row keeps its column count.
    for (const line of md.split("\n").filter((l) => l.startsWith("| "))) {
      const cells = line.replace(/\\\|/g, "").split("|").length;
      expect([7, 13, 5, 6], line).toContain(cells);
    }
  });

  it("shows the CNI role's IAM simulation per cluster, as the HTML report does", () => {
    const s = seedFleet();
    const cells = (snap: typeof s) => {
      const lines = renderMarkdown(buildFleetReport(snap, runFleetChecks(snap), null)).split("\n");
      const col = lines.find((l) => l.startsWith("| Cluster | Account"))!.split(" | ").indexOf("CNI permissions");
      return Object.fromEntries(lines.filter((l) => l.includes("| us-west-2 | 1.")).map((l) => [l.split(" | ")[0]!.slice(2), l.split(" | ")[col]]));
    };
    expect(cells(s)).toEqual({ "cn-custom": "allowed", "v6-prod": "**lacks 1**: ec2:DescribeSubnets", "pi-old-agent": "allowed", "k8s-next": "allowed", "cilium-lab": "—" });
    // On v1.22 the same denial blocks IPv6 nodes.
    s.clusters = s.clusters.map((c) => (c.name === "v6-prod" ? { ...c, addons: c.addons.map((a) => ({ ...a, version: "v1.22.4-eksbuild.1" })) } : c));
    expect(cells(s)["v6-prod"]).toBe("**lacks 2**: ec2:DescribeSubnets, ec2:UnassignIpv6Addresses (blocking: ec2:DescribeSubnets)");
  });

  it("says so when every cluster passes", () => {
    const clean = makeSnapshot([makeCluster()]);
    const text = renderMarkdown(buildFleetReport(clean, runFleetChecks(clean), null));
    expect(text).toContain("**0 findings** on 0 clusters");
    expect(text).toContain("No findings.");
    expect(text).not.toContain("## What to do");
  });

  it("flags a self-managed cluster's version drift only through the add-on checks that can see it", () => {
    const c = withAddon(makeCluster({ name: "x" }), vpcCni({ version: "v1.18.3-eksbuild.2" }));
    const text = renderMarkdown(buildFleetReport(makeSnapshot([c]), runFleetChecks(makeSnapshot([c])), null));
    expect(text).toContain("`fleet/behind-default-version`");
  });
});

describe("versions newer than the catalog's review", () => {
  it("marks them not reviewed instead of ok", () => {
    const fresh = withAddon(makeCluster({ name: "fresh" }), vpcCni({ version: "v1.24.0-eksbuild.1" }));
    const reviewed = withAddon(makeCluster({ name: "reviewed" }), vpcCni({ version: "v1.23.3-eksbuild.1" }));
    const snap = makeSnapshot([fresh, reviewed]);
    const findings = runFleetChecks(snap);
    const r = buildFleetReport(snap, findings, null);
    const v = Object.fromEntries(r.summary.vpcCniVersions.map((x) => [x.version, x.health]));
    expect(v).toEqual({ "v1.24.0-eksbuild.1": "not-reviewed", "v1.23.3-eksbuild.1": "ok" });
    expect(findings.filter((f) => f.rule === "fleet/catalog-not-reviewed").map((f) => f.title)).toEqual([
      "vpc-cni v1.24.0-eksbuild.1 on fresh is not reviewed yet: known issues unknown (catalog reviewed 2026-12-03, up to v1.23.3)",
    ]);
  });
});
