// `cni-auditor plan` end to end: the built CLI as a process over snapshot fixtures of the seed
// incidents (test/fixtures/plan/seed-fleet.ts), and once live against the loopback EKS + IAM peer.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClusterPlan, FleetPlan } from "../../../shared/plan/model.ts";
import { serializeSnapshot } from "../../../shared/fleet/snapshot-io.ts";
import { BIN, cli } from "../../helpers/cli.ts";
import { role, seedFleet } from "../../fixtures/plan/seed-fleet.ts";
import { BASE_ACCESS_KEY, startEksServer } from "../fleet/eks-server.ts";

let tmp: string;
let snapshot: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "plan-cli-"));
  snapshot = join(tmp, "seed-fleet.json");
  writeFileSync(snapshot, serializeSnapshot(seedFleet()));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function plan(...args: string[]): { code: number | null; plan: FleetPlan; cluster: ClusterPlan; stderr: string } {
  const r = cli(["plan", "--snapshot", snapshot, "--json", ...args]);
  expect(r.stderr.startsWith("cni-auditor plan: ") || r.stderr === "", r.stderr).toBe(true);
  const p = JSON.parse(r.stdout) as FleetPlan;
  return { code: r.code, plan: p, cluster: p.clusters[0]!, stderr: r.stderr };
}
const path = (c: ClusterPlan) => c.path.map((s) => `${s.kind}:${s.subject === "vpc-cni" || s.subject === "kubernetes" ? "" : `${s.subject}:`}${s.to}`);
const ids = (c: ClusterPlan) => c.findings.map((f) => `${f.severity} ${f.id}`);

describe("cni-auditor plan over the seed incidents", () => {
  it("v1.19.4 with custom networking: critical node-init issue, the fixed build offered instead, the exact update", () => {
    const { code, cluster: c } = plan("--to", "v1.19.4", "--cluster", "cn-custom");
    expect(code).toBe(0);
    expect(c.targetVersion).toBe("v1.19.4-eksbuild.1");
    expect(path(c)).toEqual(["addon:v1.19.4-eksbuild.1"]);
    expect(c.worstSeverity).toBe("critical");
    const issue = c.findings.find((f) => f.id === "vpc-cni-v1.19.4-custom-networking-sgp-node-init");
    expect(issue?.severity).toBe("critical");
    expect(issue?.detail).toContain("v1.19.5-eksbuild.1 is offered for this cluster and is not affected: plan with --to v1.19.5-eksbuild.1.");
    expect(c.companions.map((x) => x.name)).toEqual(["CRD eniconfigs.crd.k8s.amazonaws.com", "CRD cninodes.vpcresources.k8s.aws"]);
    expect(c.commands).toEqual([
      "aws eks update-kubeconfig --region us-west-2 --name cn-custom && kubectl get crd eniconfigs.crd.k8s.amazonaws.com cninodes.vpcresources.k8s.aws",
      "aws eks update-addon --region us-west-2 --cluster-name cn-custom --addon-name vpc-cni --addon-version v1.19.4-eksbuild.1 --resolve-conflicts PRESERVE",
      "aws eks wait addon-active --region us-west-2 --cluster-name cn-custom --addon-name vpc-cni",
      "aws eks update-kubeconfig --region us-west-2 --name cn-custom && kubectl rollout status daemonset aws-node -n kube-system --timeout 10m",
    ]);
    // The fixed build instead: the issue is gone.
    expect(ids(plan("--to", "v1.19.5", "--cluster", "cn-custom").cluster)).not.toContain("critical vpc-cni-v1.19.4-custom-networking-sgp-node-init");
  });

  it("v1.22 on IPv6 with a role that lacks DescribeSubnets: critical, from IAM's simulation, the grant before the update", () => {
    const { cluster: c } = plan("--to", "v1.22", "--cluster", "v6-prod");
    expect(c.targetVersion).toBe("v1.22.4-eksbuild.1");
    expect(path(c)).toEqual([`permissions:${role("v6-prod-cni-ipv6")}:allow ec2:DescribeSubnets, ec2:UnassignIpv6Addresses`, "addon:v1.22.4-eksbuild.1"]);
    expect(c.findings[0]).toMatchObject({
      id: "plan/missing-permission",
      severity: "critical",
      title: "The CNI role lacks ec2:DescribeSubnets, which v1.22.4-eksbuild.1 needs: IPv6 nodes will stay NotReady",
    });
    expect(c.findings[0]?.detail).toMatch(/denied ec2:DescribeSubnets by the role's policies.*not evaluate resource control policies \(RCPs\) or session policies/);
    expect(ids(c)).toContain("high plan/missing-permission");
    expect(c.commands[0]).toBe(
      `aws iam put-role-policy --role-name v6-prod-cni-ipv6 --policy-name vpc-cni-missing-actions --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:DescribeSubnets","ec2:UnassignIpv6Addresses"],"Resource":"*"}]}'`,
    );
    expect(c.commands[1]).toBe("aws eks update-addon --region us-west-2 --cluster-name v6-prod --addon-name vpc-cni --addon-version v1.22.4-eksbuild.1 --resolve-conflicts PRESERVE");
    // v1.21 does not block on the denial: the same role is only high there.
    expect(plan("--to", "v1.21.2", "--cluster", "v6-prod").cluster.worstSeverity).not.toBe("critical");
  });

  it("Pod Identity with an agent below v1.2.0: the agent first, then vpc-cni one minor at a time", () => {
    const { cluster: c } = plan("--to", "v1.20", "--cluster", "pi-old-agent");
    expect(path(c)).toEqual(["companion:eks-pod-identity-agent:v1.3.8-eksbuild.2", "addon:v1.19.6-eksbuild.1", "addon:v1.20.4-eksbuild.1"]);
    expect(ids(c)).toContain("high pod-identity-agent-below-v1.2.0-toleration");
    expect(ids(c)).toContain("info vpc-cni-one-minor-at-a-time");
    expect(c.companions[0]).toMatchObject({ name: "eks-pod-identity-agent", current: "v1.1.0-eksbuild.1", ok: false });
    expect(c.commands.filter((l) => l.includes("update-addon"))).toEqual([
      "aws eks update-addon --region us-west-2 --cluster-name pi-old-agent --addon-name eks-pod-identity-agent --addon-version v1.3.8-eksbuild.2 --resolve-conflicts PRESERVE",
      "aws eks update-addon --region us-west-2 --cluster-name pi-old-agent --addon-name vpc-cni --addon-version v1.19.6-eksbuild.1 --resolve-conflicts PRESERVE",
      "aws eks update-addon --region us-west-2 --cluster-name pi-old-agent --addon-name vpc-cni --addon-version v1.20.4-eksbuild.1 --resolve-conflicts PRESERVE",
    ]);
  });

  it("Kubernetes to a version the add-on build is not offered for: the add-on moves first, then the control plane", () => {
    const { cluster: c } = plan("--kubernetes", "1.33", "--cluster", "k8s-next");
    expect(c).toMatchObject({ currentVersion: "v1.19.0-eksbuild.1", targetVersion: "v1.20.4-eksbuild.1", targetKubernetesVersion: "1.33" });
    expect(path(c)).toEqual(["addon:v1.20.4-eksbuild.1", "kubernetes:1.33"]);
    expect(c.findings[0]).toMatchObject({ id: "plan/addon-not-offered-for-kubernetes", severity: "high", title: "vpc-cni v1.19.0-eksbuild.1 is not offered for Kubernetes 1.33" });
    expect(c.commands.slice(-2)).toEqual([
      "aws eks update-cluster-version --region us-west-2 --name k8s-next --kubernetes-version 1.33",
      "aws eks wait cluster-active --region us-west-2 --name k8s-next",
    ]);
    // A target the new Kubernetes is not offered: nothing is planned, not even the control plane.
    const stuck = plan("--kubernetes", "1.33", "--to", "v1.19.4", "--cluster", "k8s-next").cluster;
    expect(stuck.targetVersion).toBeNull();
    expect(stuck.path).toEqual([]);
    expect(stuck.findings[0]?.title).toBe("vpc-cni v1.19.4 cannot be planned: no build of v1.19.4 is offered for Kubernetes 1.33");
    expect(stuck.commands).toEqual(["aws eks describe-addon-versions --region us-west-2 --addon-name vpc-cni --kubernetes-version 1.33 --query 'addons[].addonVersions[].addonVersion'"]);
  });
});

describe("cni-auditor plan against EKS's support calendar (the snapshot's DescribeClusterVersions data)", () => {
  it("a Kubernetes target EKS does not offer: high, no control-plane step; without the data: said not checked", () => {
    const s = seedFleet();
    const support = { status: "EXTENDED_SUPPORT", endOfStandardSupport: "2026-03-23T00:00:00.000Z", endOfExtendedSupport: "2027-03-23T00:00:00.000Z", nextVersion: null, oldestSupportedVersion: "1.29" };
    s.clusters = s.clusters.map((c) => (c.name === "k8s-next" ? { ...c, supportType: "STANDARD", kubernetesSupport: support } : c));
    const file = join(tmp, "support.json");
    writeFileSync(file, serializeSnapshot(s));
    const r = cli(["plan", "--snapshot", file, "--json", "--kubernetes", "1.33", "--cluster", "k8s-next", "--fail-on", "high"]);
    expect(r.code).toBe(4);
    const c = (JSON.parse(r.stdout) as FleetPlan).clusters[0]!;
    expect(c.findings.find((f) => f.id === "plan/kubernetes-not-offered")).toMatchObject({ severity: "high", title: "EKS does not offer Kubernetes 1.33 in us-west-2 (the target)" });
    expect(c.path.filter((x) => x.kind === "kubernetes")).toEqual([]);
    expect(c.commands.some((l) => l.includes("update-cluster-version"))).toBe(false);
    // Staying on 1.32: billed extended support, and the STANDARD policy that ends it early.
    const stay = cli(["plan", "--snapshot", file, "--kubernetes", "1.32", "--cluster", "k8s-next"]);
    expect(stay.stdout).toContain("medium   Kubernetes 1.32 is in extended support: billed until 2027-03-23");
    expect(stay.stdout).toContain("The cluster's upgrade policy is STANDARD");
    // The seed fleet has no support data: planned as before, and said so.
    const { cluster: old } = plan("--kubernetes", "1.33", "--cluster", "k8s-next");
    expect(path(old)).toContain("kubernetes:1.33");
    expect(ids(old)).toContain("info plan/kubernetes-support-not-checked");
  });
});

describe("cni-auditor plan: outputs and gates", () => {
  it("--fail-on exits 4 at or above the severity and 0 below; all clusters by default, other CNIs skipped", () => {
    const high = cli(["plan", "--snapshot", snapshot, "--to", "v1.19.4", "--cluster", "cn-custom", "--fail-on", "critical"]);
    expect(high.code).toBe(4);
    expect(high.stderr).toContain("1 finding at or above critical (--fail-on)");
    expect(cli(["plan", "--snapshot", snapshot, "--to", "v1.19.5", "--cluster", "cn-custom", "--fail-on", "critical"]).code).toBe(0);
    const all = plan("--to", "latest");
    expect(all.plan.clusters.map((c) => [c.name, c.skipped === null])).toEqual([
      ["cn-custom", true], ["v6-prod", true], ["pi-old-agent", true], ["k8s-next", true], ["cilium-lab", false],
    ]);
    expect(all.plan.clusters[4]?.skipped).toBe("not planned: other CNI: cilium, no vpc-cni add-on to update");
  });

  it("--format markdown is a pull request comment: headings, escaped values, a sh block of the commands", () => {
    const r = cli(["plan", "--snapshot", snapshot, "--to", "v1.22", "--cluster", "v6-prod", "--format", "markdown"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^## cni-auditor plan: vpc-cni → v1\.22\n/);
    expect(r.stdout).toContain("### v6-prod (111122223333 / us-west-2) — critical");
    expect(r.stdout).toContain("- **critical** The CNI role lacks ec2:DescribeSubnets, which v1.22.4-eksbuild.1 needs: IPv6 nodes will stay NotReady");
    expect(r.stdout).toMatch(/\*\*Commands, in order\*\*\n\n```sh\naws iam put-role-policy /);
    const text = cli(["plan", "--snapshot", snapshot, "--to", "v1.22", "--cluster", "v6-prod"]);
    expect(text.stdout).toContain("v6-prod (111122223333/us-west-2)  [critical]\n  vpc-cni v1.21.2-eksbuild.1 → v1.22.4-eksbuild.1, Kubernetes 1.33\n  Path:\n    1. permissions:");
  });

  it("usage errors exit 2: nothing to plan, a bad version, an unknown cluster, an unreadable snapshot", () => {
    expect(cli(["plan", "--snapshot", snapshot]).stderr).toContain("say what to plan");
    expect(cli(["plan", "--snapshot", snapshot, "--to", "next"]).code).toBe(2);
    const unknown = cli(["plan", "--snapshot", snapshot, "--to", "latest", "--cluster", "nope"]);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining("--cluster: not in the snapshot: nope")]);
    expect(cli(["plan", "--snapshot", join(tmp, "missing.json"), "--to", "latest"]).code).toBe(2);
  });

  it("a version 1 snapshot (no builds, no simulation) still plans, and says the permissions were not checked", () => {
    const old = seedFleet();
    const v1 = { ...old, schemaVersion: 1, addonBuilds: undefined, clusters: old.clusters.map(({ cniPermissions: _p, ipFamily: _f, ...c }) => c) };
    const file = join(tmp, "v1.json");
    writeFileSync(file, JSON.stringify(v1));
    const r = cli(["plan", "--snapshot", file, "--json", "--to", "latest", "--cluster", "v6-prod"]);
    const c = (JSON.parse(r.stdout) as FleetPlan).clusters[0]!;
    expect(c.targetVersion).toBe("v1.21.1-eksbuild.1");
    expect(c.findings.map((f) => f.id)).toContain("plan/permissions-not-checked");
  });
});

describe("README's plan example", () => {
  it("examples/plan/snapshot.json is the seed fleet, and prints what the README shows", () => {
    expect(readFileSync(new URL("../../../examples/plan/snapshot.json", import.meta.url), "utf8")).toBe(serializeSnapshot(seedFleet()));
    const r = cli(["plan", "--snapshot", "examples/plan/snapshot.json", "--to", "v1.22", "--cluster", "v6-prod"]);
    const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
    const shown = /prints\n\n```\n(v6-prod[\s\S]*?)\n```/.exec(readme)?.[1] ?? "";
    const lines = shown.split("\n").filter((l) => !l.trim().startsWith("…"));
    expect(lines.length).toBeGreaterThan(8);
    for (const l of lines) expect(r.stdout).toContain(l);
  });
});

describe("cni-auditor plan, live", () => {
  it("reads the fleet through the inventory with IAM simulation, and plans from it", async () => {
    const server = await startEksServer({
      iamRoles: { "arn:aws:iam::111122223333:role/AmazonEKSVPCCNIRole": { identity: [{ effect: "Allow", actions: ["ec2:Describe*", "ec2:AssignPrivateIpAddresses"], policyId: "partial" }], boundary: [{ effect: "Allow", actions: ["ec2:AssignPrivateIpAddresses"], policyId: "b" }] } },
    });
    try {
      const env = { PATH: process.env.PATH, HOME: tmp, AWS_ACCESS_KEY_ID: BASE_ACCESS_KEY, AWS_SECRET_ACCESS_KEY: "fake-secret", AWS_ENDPOINT_URL: server.endpoint, AWS_MAX_ATTEMPTS: "2", AWS_EC2_METADATA_DISABLED: "true" };
      const { stdout } = await promisify(execFile)(process.execPath, [BIN, "plan", "--regions", "us-west-2", "--to", "v1.22", "--cluster", "prod-west-1", "--json"], { env });
      const c = (JSON.parse(stdout) as FleetPlan).clusters[0]!;
      expect(c.targetVersion).toBe("v1.22.4-eksbuild.1");
      const denied = c.findings.filter((f) => f.id === "plan/missing-permission");
      // The world is on Kubernetes 1.35 and vpc-cni v1.21 (December 2026); from v1.22 a DescribeSubnets denial blocks.
      expect(denied.map((f) => f.title)).toContain("The CNI role lacks ec2:DescribeSubnets, which v1.22.4-eksbuild.1 needs: nodes will get no secondary ENIs, so pods run out of IP addresses");
      expect(denied.find((f) => f.title.includes("DescribeSubnets"))?.detail).toContain("by the role's permissions boundary");
      expect(server.requests.some((r) => r.operation === "SimulatePrincipalPolicy")).toBe(true);
    } finally {
      await server.close();
    }
  });
});
