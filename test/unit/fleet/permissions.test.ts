// The CNI permission check: required actions from the catalog, the simulation requests, the
// verdict, the fleet check's text per denying layer, and snapshots of both schema versions.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { check } from "../../../shared/fleet/checks/cni-role-missing-permissions.ts";
import { runFleetChecks } from "../../../shared/fleet/evaluate.ts";
import type { ActionDecision, RolePermissions } from "../../../shared/fleet/permissions/model.ts";
import { buildSimulationRequests } from "../../../shared/fleet/permissions/request.ts";
import { SIMULATED_ACTIONS, requiredActions } from "../../../shared/fleet/permissions/required.ts";
import { renderFleetReport } from "../../../shared/fleet/report/index.ts";
import { parseSnapshot, serializeSnapshot } from "../../../shared/fleet/snapshot-io.ts";
import { toMarkdown } from "../../../shared/render/markdown.ts";
import { makeCluster, makeSnapshot, vpcCni, withAddon } from "./cluster-fixture.ts";

const ROLE = "arn:aws:iam::111122223333:role/AmazonEKSVPCCNIRole";

function decision(action: string, d: ActionDecision["decision"] = "allowed", deniedBy: ActionDecision["deniedBy"] = null): ActionDecision {
  return {
    action,
    resource: action === "ec2:CreateTags" ? "arn:aws:ec2:us-west-2:111122223333:network-interface/*" : "*",
    decision: d,
    deniedBy: d === "allowed" ? null : deniedBy,
    matchedStatements: deniedBy === "organizations" ? [{ sourcePolicyId: "p-abc123", sourcePolicyType: "none" }] : [],
    allowedByBoundary: deniedBy === "boundary" ? false : null,
    allowedByOrganizations: deniedBy === "organizations" ? false : null,
    missingContextValues: [],
  };
}

/** A role allowed everything except `denied` (action → layer). */
function role(denied: Record<string, ActionDecision["deniedBy"]>, arn = ROLE): RolePermissions {
  return {
    roleArn: arn,
    via: "addon-service-account",
    status: "checked",
    error: null,
    results: SIMULATED_ACTIONS.map((a) => (denied[a] ? decision(a, denied[a] === "organizations" ? "explicitDeny" : "implicitDeny", denied[a]) : decision(a))),
  };
}

function cluster(version: string, perms: RolePermissions[] | null, ipFamily: "ipv4" | "ipv6" = "ipv4") {
  return { ...withAddon(makeCluster(), vpcCni({ version, configurationValues: null })), ipFamily, cniPermissions: perms };
}

describe("required actions (catalog/iam-actions.ts)", () => {
  it("follow the version and IP family", () => {
    const v6 = requiredActions("v1.22.0-eksbuild.1", ["ipv6"]);
    expect(v6.find((a) => a.action === "ec2:DescribeSubnets")).toMatchObject({ blocking: true });
    expect(v6.map((a) => a.action)).toContain("ec2:UnassignIpv6Addresses");
    expect(v6.map((a) => a.action)).not.toContain("ec2:AssignPrivateIpAddresses");
    expect(requiredActions("v1.17.1-eksbuild.1", ["ipv4"]).map((a) => a.action)).not.toContain("ec2:DescribeSubnets");
    expect(requiredActions("v1.21.2-eksbuild.1", ["ipv4"]).find((a) => a.action === "ec2:DescribeSubnets")?.blocking).toBe(false);
    expect(requiredActions("v1.22.0-eksbuild.1", ["ipv4"]).find((a) => a.action === "ec2:CreateTags")?.networkInterfacesOnly).toBe(true);
  });

  it("simulation requests: CreateTags on the partition's ENI ARN with the tag context, the rest on *", () => {
    const [all, eni] = buildSimulationRequests("arn:aws-cn:iam::210987654321:role/cni", { region: "cn-north-1", account: null, cluster: "c1" });
    expect(all?.ResourceArns).toBeUndefined();
    expect(all?.ActionNames).not.toContain("ec2:CreateTags");
    expect(all?.ActionNames).toContain("ec2:DescribeSecurityGroups");
    expect(eni?.ResourceArns).toEqual(["arn:aws-cn:ec2:cn-north-1:210987654321:network-interface/*"]);
    expect(eni?.ContextEntries?.map((e) => e.ContextKeyName)).toEqual(["aws:RequestedRegion", "aws:TagKeys", "aws:RequestTag/cluster.k8s.amazonaws.com/name"]);
  });
});

describe("fleet/cni-role-missing-permissions", () => {
  it("v1.22 on IPv6 without DescribeSubnets: critical, names the consequence, grants exactly the missing actions", () => {
    const [hit] = check.evaluate(cluster("v1.22.0-eksbuild.1", [role({ "ec2:DescribeSubnets": "identity", "ec2:UnassignIpv6Addresses": "identity" })], "ipv6"));
    expect(hit?.severity).toBe("critical");
    expect(hit?.title).toBe(
      "The CNI role of demo-cluster lacks ec2:DescribeSubnets, ec2:UnassignIpv6Addresses, which vpc-cni v1.22.0-eksbuild.1 needs: IPv6 nodes will stay NotReady",
    );
    expect(hit?.facts).toMatchObject({ blockingActions: ["ec2:DescribeSubnets"], deniedBy: ["identity"], ipFamilies: ["ipv6"] });
    const text = toMarkdown(hit!.remediation);
    expect(text).toContain(`aws iam put-role-policy --role-name AmazonEKSVPCCNIRole --policy-name vpc-cni-missing-actions --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:DescribeSubnets","ec2:UnassignIpv6Addresses"],"Resource":"*"}]}'`);
    expect(text).toContain("aws iam simulate-principal-policy --policy-source-arn arn:aws:iam::111122223333:role/AmazonEKSVPCCNIRole --action-names ec2:DescribeSubnets ec2:UnassignIpv6Addresses");
    expect(text).toMatch(/does not evaluate resource control policies \(RCPs\) or session policies/);
    expect(text).toContain("ipamd init fails");
  });

  it("a boundary denial points at the boundary, an SCP at the organization; a non-blocking denial is high", () => {
    const [b] = check.evaluate(cluster("v1.21.2-eksbuild.1", [role({ "ec2:DescribeSubnets": "boundary" })]));
    expect(b?.severity).toBe("high");
    expect(b?.title).toMatch(/subnet discovery falls back to the primary subnet/);
    expect(toMarkdown(b!.remediation)).toContain("aws iam get-role --role-name AmazonEKSVPCCNIRole --query Role.PermissionsBoundary.PermissionsBoundaryArn");
    expect(toMarkdown(b!.remediation)).not.toContain("put-role-policy");
    const [s] = check.evaluate(cluster("v1.20.4-eksbuild.1", [role({ "ec2:AssignPrivateIpAddresses": "organizations" })]));
    expect(toMarkdown(s!.remediation)).toMatch(/service control policy .* \(`?p-abc123`?\).*nothing on the role helps/);
  });

  it("actions the version does not call are not reported; allowed roles and unsimulated snapshots give nothing", () => {
    // DescribeSecurityGroups is only called by v1.22.0–v1.22.1; v1.23 never calls it.
    expect(check.evaluate(cluster("v1.23.0-eksbuild.1", [role({ "ec2:DescribeSecurityGroups": "identity" })]))).toEqual([]);
    expect(check.evaluate(cluster("v1.22.0-eksbuild.1", [role({ "ec2:DescribeSecurityGroups": "identity" })]))[0]?.severity).toBe("critical");
    expect(check.evaluate(cluster("v1.22.0-eksbuild.1", [role({})]))).toEqual([]);
    expect(check.evaluate(cluster("v1.22.0-eksbuild.1", null))).toEqual([]);
    expect(check.evaluate(makeCluster())).toEqual([]);
  });

  it("with ENABLE_SUBNET_DISCOVERY=false the CNI makes no DescribeSubnets call: its denial is not reported", () => {
    const denied = [role({ "ec2:DescribeSubnets": "identity" })];
    const off = { ...cluster("v1.22.0-eksbuild.1", denied, "ipv6"), addons: [vpcCni({ version: "v1.22.0-eksbuild.1", configurationValues: '{"env":{"ENABLE_SUBNET_DISCOVERY":"false"}}' })] };
    expect(check.evaluate(off)).toEqual([]);
    expect(check.evaluate(cluster("v1.22.0-eksbuild.1", denied, "ipv6"))[0]?.severity).toBe("critical");
  });

  it("a role the auditor may not simulate is one low finding that says what the auditor needs", () => {
    const denied: RolePermissions = { roleArn: ROLE, via: "addon-service-account", status: "not-permitted", error: "AccessDenied (HTTP 403): no", results: [] };
    const [hit] = check.evaluate(cluster("v1.22.0-eksbuild.1", [denied]));
    expect(hit).toMatchObject({ severity: "low", subject: "not-simulated" });
    expect(toMarkdown(hit!.remediation)).toContain("iam:SimulatePrincipalPolicy");
  });
});

describe("snapshot schema 2", () => {
  const v1 = readFileSync(new URL("../../fixtures/fleet/snapshot-test-fleet.json", import.meta.url), "utf8");

  it("a version 1 snapshot still loads and is checked with permissions unknown (no permission finding)", () => {
    const s = parseSnapshot(v1);
    expect(s.schemaVersion).toBe(1);
    expect(s.clusters.every((c) => c.cniPermissions === undefined)).toBe(true);
    expect(runFleetChecks(s).filter((f) => f.rule === "fleet/cni-role-missing-permissions")).toEqual([]);
  });

  it("a version 2 snapshot round-trips its permissions and rejects a malformed result", () => {
    const s = { ...makeSnapshot([cluster("v1.22.0-eksbuild.1", [role({ "ec2:DescribeSubnets": "identity" })], "ipv6")]), schemaVersion: 2 as const };
    expect(parseSnapshot(serializeSnapshot(s))).toEqual(s);
    const bad = JSON.parse(serializeSnapshot(s));
    bad.clusters[0].cniPermissions[0].results[0].decision = "maybe";
    expect(() => parseSnapshot(JSON.stringify(bad))).toThrow(/clusters\[0\]\.cniPermissions\[0\]\.results\[0\]/);
    bad.clusters[0].ipFamily = "ipx";
    expect(() => parseSnapshot(JSON.stringify(bad))).toThrow(/ipFamily/);
  });
});

describe("fleet report: a permission column per cluster", () => {
  it("shows what each cluster's CNI role lacks, allowed, not checked, or not simulated", () => {
    const denied: RolePermissions = { roleArn: ROLE, via: "addon-service-account", status: "not-permitted", error: "AccessDenied", results: [] };
    const snapshot = makeSnapshot([
      { ...cluster("v1.22.0-eksbuild.1", [role({ "ec2:DescribeSubnets": "identity" })], "ipv6"), name: "a-missing" },
      { ...cluster("v1.22.0-eksbuild.1", [role({})]), name: "b-allowed" },
      { ...cluster("v1.22.0-eksbuild.1", [denied]), name: "c-unchecked" },
      { ...cluster("v1.22.0-eksbuild.1", null), name: "d-unknown" },
    ]);
    const { report, html } = renderFleetReport(snapshot, null);
    expect(report.clusters.map((r) => [r.name, r.cniPermissions?.state, r.cniPermissions?.blocking])).toEqual([
      ["a-missing", "missing", ["ec2:DescribeSubnets"]],
      ["b-allowed", "ok", []],
      ["c-unchecked", "unchecked", []],
      ["d-unknown", "unknown", []],
    ]);
    expect(html).toContain("<th>CNI permissions</th>");
    const cells = [...html.matchAll(/<tr[^>]*>\n<td><div class="name">(?:<a [^>]*>)?([^<]+)(?:<\/a>)?<\/div>[\s\S]*?<\/tr>/g)].map((m) => [m[1], m[0]]);
    const cell = (name: string) => cells.find(([n]) => n === name)?.[1] ?? "";
    expect(cell("a-missing")).toContain('<span class="pill critical">lacks 1</span><div class="sub">ec2:DescribeSubnets</div>');
    expect(cell("b-allowed")).toContain("<td>allowed</td>");
    expect(cell("c-unchecked")).toContain('<span class="off">not checked</span>');
    expect(cell("d-unknown")).toContain('title="not simulated"');
  });
});
