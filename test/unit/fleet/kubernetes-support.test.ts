// fleet/kubernetes-support and the support facts it reads: status and end dates from
// DescribeClusterVersions, upgradePolicy.supportType from DescribeCluster; the upgrade target is
// the next minor only when the API lists it as supported (never a version EKS no longer offers).
import { describe, expect, it } from "vitest";
import { FLEET_CHECKS } from "../../../shared/fleet/checks/index.ts";
import { kubernetesSupportOf, type ClusterVersionRow } from "../../../shared/fleet/inventory-versions.ts";
import { parseSnapshot, serializeSnapshot } from "../../../shared/fleet/snapshot-io.ts";
import type { ClusterSnapshot } from "../../../shared/fleet/snapshot.ts";
import { toMarkdown } from "../../../shared/render/markdown.ts";
import { makeCluster, makeSnapshot } from "./cluster-fixture.ts";

// domain-2026-12.md §4, support status on 2026-12-03.
const ROWS: ClusterVersionRow[] = [
  { version: "1.36", status: "STANDARD_SUPPORT", endOfStandardSupport: "2027-08-02T00:00:00.000Z", endOfExtendedSupport: null },
  { version: "1.35", status: "STANDARD_SUPPORT", endOfStandardSupport: "2027-03-27T00:00:00.000Z", endOfExtendedSupport: "2028-03-27T00:00:00.000Z" },
  { version: "1.34", status: "EXTENDED_SUPPORT", endOfStandardSupport: "2026-12-02T00:00:00.000Z", endOfExtendedSupport: "2027-12-02T00:00:00.000Z" },
  { version: "1.33", status: "EXTENDED_SUPPORT", endOfStandardSupport: "2026-07-29T00:00:00.000Z", endOfExtendedSupport: "2027-07-29T00:00:00.000Z" },
  { version: "1.32", status: "EXTENDED_SUPPORT", endOfStandardSupport: "2026-03-23T00:00:00.000Z", endOfExtendedSupport: "2027-03-23T00:00:00.000Z" },
  { version: "1.31", status: "UNSUPPORTED", endOfStandardSupport: "2025-11-26T00:00:00.000Z", endOfExtendedSupport: "2026-11-26T00:00:00.000Z" },
  { version: "1.30", status: "UNSUPPORTED", endOfStandardSupport: "2025-07-23T00:00:00.000Z", endOfExtendedSupport: "2026-07-23T00:00:00.000Z" },
];

const check = FLEET_CHECKS.find((c) => c.id === "fleet/kubernetes-support")!;
const hits = (c: ClusterSnapshot) => check.evaluate(c).map((h) => ({ ...h, remediation: toMarkdown(h.remediation) }));
const on = (version: string, extra: Partial<ClusterSnapshot> = {}) =>
  makeCluster({ kubernetesVersion: version, kubernetesSupport: kubernetesSupportOf(version, ROWS), ...extra });

describe("kubernetesSupportOf (DescribeClusterVersions rows)", () => {
  it("takes status and dates of the version, the next minor only when supported, and the oldest supported", () => {
    expect(kubernetesSupportOf("1.34", ROWS)).toEqual({
      status: "EXTENDED_SUPPORT",
      endOfStandardSupport: "2026-12-02T00:00:00.000Z",
      endOfExtendedSupport: "2027-12-02T00:00:00.000Z",
      nextVersion: "1.35",
      oldestSupportedVersion: "1.32",
    });
    // 1.30 → 1.31 has ended too: no upgrade target is offered.
    expect(kubernetesSupportOf("1.30", ROWS)).toMatchObject({ status: "UNSUPPORTED", nextVersion: null, oldestSupportedVersion: "1.32" });
    expect(kubernetesSupportOf("1.31", ROWS)).toMatchObject({ status: "UNSUPPORTED", nextVersion: "1.32" });
    expect(kubernetesSupportOf("1.36", ROWS)).toMatchObject({ status: "STANDARD_SUPPORT", nextVersion: null });
    expect(kubernetesSupportOf("1.29", ROWS)).toMatchObject({ status: "UNSUPPORTED", endOfExtendedSupport: null });
    expect(kubernetesSupportOf("1.35", [])).toMatchObject({ status: null, nextVersion: null });
  });
});

describe("fleet/kubernetes-support", () => {
  it("extended support: medium, billed, upgrade to the next supported minor with its exact commands", () => {
    const [h] = hits(on("1.34", { supportType: "STANDARD" }));
    expect(h?.severity).toBeUndefined();
    expect(check.severity).toBe("medium");
    expect(h?.title).toBe("demo-cluster runs Kubernetes 1.34 in extended support until 2027-12-02: billed, then auto-upgraded");
    expect(h?.facts).toMatchObject({ status: "EXTENDED_SUPPORT", supportType: "STANDARD", endOfExtendedSupport: "2027-12-02T00:00:00.000Z" });
    expect(h?.remediation).toContain("The cluster's upgrade policy is STANDARD");
    expect(h?.remediation).toContain("aws eks describe-addon-versions --region us-west-2 --addon-name vpc-cni --kubernetes-version 1.35 --query 'addons[].addonVersions[].addonVersion'");
    expect(h?.remediation).toContain("aws eks update-cluster-version --region us-west-2 --name demo-cluster --kubernetes-version 1.35");
  });

  it("ended: high, names the auto-upgrade target, and offers no upgrade to an ended version", () => {
    const [h] = hits(on("1.30"));
    expect(h).toMatchObject({ severity: "high", facts: { status: "UNSUPPORTED", autoUpgradeTo: "1.32" } });
    expect(h?.title).toBe("demo-cluster runs Kubernetes 1.30, which EKS no longer supports (extended support ended 2026-07-23)");
    expect(h?.remediation).toContain("(1.32 today)");
    expect(h?.remediation).not.toContain("update-cluster-version");
    expect(h?.remediation).toContain("aws eks describe-cluster-versions --region us-west-2 --query 'clusterVersions[].[clusterVersion,versionStatus,endOfExtendedSupportDate]'");
    expect(hits(on("1.31"))[0]?.remediation).toContain("--kubernetes-version 1.32");
  });

  it("passes in standard support, and when the support was not read (older snapshots)", () => {
    expect(hits(on("1.35"))).toEqual([]);
    expect(hits(on("1.36"))).toEqual([]);
    expect(hits(makeCluster({ kubernetesVersion: "1.30" }))).toEqual([]);
  });
});

describe("snapshot: the new fields are optional", () => {
  it("a snapshot without them loads, and one with them round-trips (schema version unchanged)", () => {
    const old = makeSnapshot([makeCluster()]);
    expect(old.schemaVersion).toBe(1);
    expect(parseSnapshot(serializeSnapshot(old)).clusters[0]?.kubernetesSupport).toBeUndefined();
    const now = makeSnapshot([on("1.34", { ipFamily: "ipv6", supportType: "EXTENDED", cninodesForbiddenDenials: 3 })]);
    expect(parseSnapshot(serializeSnapshot(now))).toEqual(now);
  });
});
