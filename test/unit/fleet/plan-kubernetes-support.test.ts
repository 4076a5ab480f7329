// Plan against EKS's support calendar (the snapshot's DescribeClusterVersions data): a target EKS
// does not offer or no longer supports is refused, extended support is billed, and older
// snapshots say the support was not checked.
import { describe, expect, it } from "vitest";
import type { KubernetesSupport } from "../../../shared/fleet/snapshot.ts";
import { planFleet } from "../../../shared/plan/plan.ts";
import { seedFleet } from "../../fixtures/plan/seed-fleet.ts";

const req = (o: Partial<Parameters<typeof planFleet>[1]>) => ({ addon: "vpc-cni" as const, to: null, kubernetes: null, clusters: ["k8s-next"], ...o });

/** k8s-next (Kubernetes 1.32, vpc-cni v1.19.0) with the given support data. */
function plan(support: Partial<KubernetesSupport> | null, o: Partial<Parameters<typeof planFleet>[1]>, supportType: string | null = "EXTENDED") {
  const s = seedFleet();
  s.clusters = s.clusters.map((c) =>
    c.name !== "k8s-next" || support === null
      ? c
      : { ...c, supportType, kubernetesSupport: { status: "STANDARD_SUPPORT", endOfStandardSupport: "2026-03-23T00:00:00.000Z", endOfExtendedSupport: "2027-03-23T00:00:00.000Z", nextVersion: "1.33", oldestSupportedVersion: "1.29", ...support } },
  );
  return planFleet(s, req(o)).clusters[0]!;
}
const ids = (c: ReturnType<typeof plan>) => c.findings.map((f) => `${f.severity} ${f.id}`);
const kSteps = (c: ReturnType<typeof plan>) => c.path.filter((s) => s.kind === "kubernetes").map((s) => s.to);

describe("shared/plan: EKS support of the Kubernetes target", () => {
  it("the next minor EKS supports, from a version in standard support: planned, no support finding", () => {
    const c = plan({}, { kubernetes: "1.33" });
    expect(kSteps(c)).toEqual(["1.33"]);
    expect(ids(c)).toContain("high plan/addon-not-offered-for-kubernetes");
    expect(ids(c).filter((i) => i.includes("plan/kubernetes"))).toEqual([]);
  });

  it("a version EKS does not offer in the region: high, and no Kubernetes step is planned", () => {
    const c = plan({ nextVersion: null }, { kubernetes: "1.33" });
    expect(ids(c)).toContain("high plan/kubernetes-not-offered");
    const f = c.findings.find((x) => x.id === "plan/kubernetes-not-offered")!;
    expect(f.title).toBe("EKS does not offer Kubernetes 1.33 in us-west-2 (the target)");
    expect(f.detail).toContain("EKS lists no supported Kubernetes version after 1.32 in us-west-2");
    expect(kSteps(c)).toEqual([]);
    expect(c.commands.some((l) => l.includes("update-cluster-version"))).toBe(false);
    // Two minors ahead: the first step already is not offered.
    const two = plan({ nextVersion: null }, { kubernetes: "1.34" });
    expect(two.findings.find((x) => x.id === "plan/kubernetes-not-offered")?.title).toBe("EKS does not offer Kubernetes 1.33 in us-west-2 (a step to 1.34)");
    expect(kSteps(two)).toEqual([]);
  });

  it("staying on a version in extended support: medium, billed, with the dates and the upgrade policy", () => {
    const c = plan({ status: "EXTENDED_SUPPORT" }, { kubernetes: "1.32" }, "STANDARD");
    const f = c.findings.find((x) => x.id === "plan/kubernetes-extended-support")!;
    expect(f).toMatchObject({ severity: "medium", kind: "compatibility", title: "Kubernetes 1.32 is in extended support: billed until 2027-03-23" });
    expect(f.detail).toContain("past the end of standard support (2026-03-23): extended support is billed per cluster-hour");
    expect(f.detail).toContain("upgrade policy is STANDARD");
    expect(plan({ status: "EXTENDED_SUPPORT" }, { kubernetes: "1.32" }).findings.find((x) => x.id === "plan/kubernetes-extended-support")?.detail).not.toContain("upgrade policy is STANDARD");
    // In standard support: nothing to say.
    expect(ids(plan({}, { kubernetes: "1.32" })).some((i) => i.includes("kubernetes-"))).toBe(false);
  });

  it("a version past the end of extended support: high, refused, says where EKS auto-upgrades to", () => {
    const c = plan({ status: "UNSUPPORTED", nextVersion: "1.33", oldestSupportedVersion: "1.34" }, { kubernetes: "1.33" });
    const f = c.findings.find((x) => x.id === "plan/kubernetes-support-ended")!;
    expect(f).toMatchObject({ severity: "high", title: "EKS no longer supports Kubernetes 1.33 (the target)" });
    expect(f.detail).toContain("upgrades them itself to 1.34, the oldest version it supports");
    expect(kSteps(c)).toEqual([]);
  });

  it("beyond the next minor the snapshot cannot place the version: planned, said unchecked", () => {
    const c = plan({}, { kubernetes: "1.34", to: "v1.22.4" });
    expect(kSteps(c)).toEqual(["1.33", "1.34"]);
    expect(ids(c)).toContain("info plan/kubernetes-support-not-checked");
    expect(ids(c)).not.toContain("high plan/kubernetes-not-offered");
  });

  it("an older snapshot without support data: planned as before, said not checked", () => {
    const c = plan(null, { kubernetes: "1.33" });
    expect(kSteps(c)).toEqual(["1.33"]);
    const f = c.findings.find((x) => x.id === "plan/kubernetes-support-not-checked")!;
    expect(f).toMatchObject({ severity: "info", kind: "unchecked", title: "EKS support of Kubernetes 1.33 was not checked" });
    // No Kubernetes target: nothing about support.
    expect(ids(plan(null, { to: "v1.20" })).some((i) => i.includes("kubernetes-support"))).toBe(false);
  });
});
