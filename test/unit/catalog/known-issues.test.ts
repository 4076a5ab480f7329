import { describe, expect, it } from "vitest";
import {
  FEATURES,
  KNOWN_ISSUES,
  MIN_POD_IDENTITY_AGENT,
  MIN_POD_IDENTITY_CNI,
  OLDEST_RECOMMENDED_CNI,
  compareAddonVersions,
  entriesForDeniedAction,
  knownIssueById,
  knownIssuesFor,
  parseAddonVersion,
  requirementsFor,
} from "../../../shared/catalog/index.ts";

const ids = (entries: Array<{ id: string }>) => entries.map((e) => e.id).sort();

describe("catalog data", () => {
  it("has unique ids and a source on every entry", () => {
    expect(new Set(KNOWN_ISSUES.map((e) => e.id)).size).toBe(KNOWN_ISSUES.length);
    for (const e of KNOWN_ISSUES) {
      expect(e.references.length, e.id).toBeGreaterThan(0);
      for (const url of e.references) expect(url, e.id).toMatch(/^https:\/\/(github\.com\/[\w.-]+\/[\w.-]+\/(issues|pull|blob)\/|docs\.aws\.amazon\.com\/)/);
      for (const text of [e.title, e.impact, e.fix]) expect(text.length, e.id).toBeGreaterThan(10);
    }
  });

  it("has well-formed ranges and known feature names", () => {
    for (const e of KNOWN_ISSUES) {
      expect(parseAddonVersion(e.from), e.id).not.toBeNull();
      if (e.toExclusive !== null) expect(compareAddonVersions(e.from, e.toExclusive), e.id).toBeLessThan(0);
      if (e.fixedIn !== null) expect(parseAddonVersion(e.fixedIn), e.id).not.toBeNull();
      for (const f of e.when) expect(FEATURES, e.id).toContain(f);
      if (e.iamAction) expect(e.iamAction).toMatch(/^ec2:[A-Z]\w+$/);
    }
  });

  it("holds the catalog entries, each with its issue or PR", () => {
    const expected: Array<[string, string]> = [
      ["vpc-cni-v1.13.0-eniconfig-without-sg", "/issues/2426"],
      ["vpc-cni-v1.15.0-cninode-dependency", "/issues/2584"],
      ["vpc-cni-pod-identity-minimum-version", "add-ons-iam"],
      ["vpc-cni-v1.16.2-sgp-custom-networking-order", "/pull/2801"],
      ["vpc-cni-v1.16.3-eni-scaleup-livelock", "/pull/2810"],
      ["vpc-cni-v1.18-describe-subnets", "/issues/2985"],
      ["vpc-cni-v1.19.4-custom-networking-sgp-node-init", "/pull/3277"],
      ["vpc-cni-v1.19.4-enforcing-mode-without-np-agent", "/pull/3254"],
      ["vpc-cni-v1.21.0-network-policy-agent", "/pull/3550"],
      ["vpc-cni-v1.22-describe-security-groups", "/pull/3720"],
      ["vpc-cni-v1.23-needs-np-agent-v1.4.1", "/pull/3739"],
      ["pod-identity-agent-below-v1.2.0-toleration", "/issues/2780"],
      ["vpc-cni-pod-identity-needs-agent", "/issues/3840"],
    ];
    for (const [id, ref] of expected) expect(knownIssueById(id)?.references.join(" "), id).toContain(ref);
  });
});

describe("knownIssuesFor", () => {
  it("needs the version in range and the condition visible", () => {
    expect(ids(knownIssuesFor("vpc-cni", "v1.19.4-eksbuild.1", ["custom-networking"]))).toEqual(["vpc-cni-v1.19.4-custom-networking-sgp-node-init"]);
    expect(ids(knownIssuesFor("vpc-cni", "v1.19.4-eksbuild.1", ["pod-eni", "prefix-delegation"]))).toEqual(["vpc-cni-v1.19.4-custom-networking-sgp-node-init"]);
    expect(knownIssuesFor("vpc-cni", "v1.19.4-eksbuild.1", ["prefix-delegation"])).toEqual([]);
    expect(knownIssuesFor("vpc-cni", "v1.19.5-eksbuild.1", ["custom-networking"])).toEqual([]);
    expect(knownIssuesFor("vpc-cni", "v1.19.3-eksbuild.1", ["custom-networking"])).toEqual([]);
  });

  it("lists unconditional issues for any configuration", () => {
    expect(ids(knownIssuesFor("vpc-cni", "v1.16.3-eksbuild.2", []))).toEqual(["vpc-cni-v1.16.3-eni-scaleup-livelock"]);
    expect(ids(knownIssuesFor("vpc-cni", "v1.16.3-eksbuild.2", ["pod-eni"]))).toEqual([
      "vpc-cni-v1.16.2-sgp-custom-networking-order",
      "vpc-cni-v1.16.3-eni-scaleup-livelock",
    ]);
    expect(ids(knownIssuesFor("vpc-cni", "v1.21.0-eksbuild.1", []))).toEqual(["vpc-cni-v1.21.0-network-policy-agent"]);
    expect(ids(knownIssuesFor("vpc-cni", "v1.18.2-eksbuild.1", []))).toEqual(["vpc-cni-v1.18-unfilled-eni"]);
  });

  it("leaves out requirements the event cannot show, unless asked", () => {
    expect(knownIssuesFor("vpc-cni", "v1.22.0-eksbuild.1", [])).toEqual([]);
    expect(ids(knownIssuesFor("vpc-cni", "v1.22.0-eksbuild.1", [], { includeRequirements: true }))).toEqual([
      "vpc-cni-one-minor-at-a-time",
      "vpc-cni-v1.18-describe-subnets",
      "vpc-cni-v1.19.4-enforcing-mode-without-np-agent",
      "vpc-cni-v1.22-describe-security-groups",
    ]);
  });

  it("reports a detectable requirement when its condition is visible (Pod Identity below the minimum)", () => {
    expect(ids(knownIssuesFor("vpc-cni", "v1.15.4-eksbuild.1", ["pod-identity"]))).toEqual(["vpc-cni-pod-identity-minimum-version"]);
    expect(knownIssuesFor("vpc-cni", "v1.15.4-eksbuild.1", [])).toEqual([]);
    expect(knownIssuesFor("vpc-cni", MIN_POD_IDENTITY_CNI, ["pod-identity"])).toEqual([]);
  });

  it("covers the Pod Identity agent and nothing for other add-ons", () => {
    expect(ids(knownIssuesFor("eks-pod-identity-agent", "v1.1.0-eksbuild.1", []))).toEqual(["pod-identity-agent-below-v1.2.0-toleration"]);
    expect(knownIssuesFor("eks-pod-identity-agent", MIN_POD_IDENTITY_AGENT, [])).toEqual([]);
    expect(knownIssuesFor("kube-proxy", "v1.19.4-eksbuild.1", ["custom-networking"])).toEqual([]);
    expect(knownIssuesFor("vpc-cni", "not-a-version", [])).toEqual([]);
  });
});

describe("requirements", () => {
  it("lists what a target version needs", () => {
    expect(ids(requirementsFor("vpc-cni", "v1.23.0-eksbuild.1", []))).toEqual([
      "vpc-cni-one-minor-at-a-time",
      "vpc-cni-v1.18-describe-subnets",
      "vpc-cni-v1.19.4-enforcing-mode-without-np-agent",
      "vpc-cni-v1.23-describe-security-groups",
      "vpc-cni-v1.23-needs-np-agent-v1.4.1",
    ]);
    expect(ids(requirementsFor("vpc-cni", "v1.19.5-eksbuild.1", ["pod-identity"]))).toContain("vpc-cni-pod-identity-needs-agent");
  });

  it("names the version's IAM needs for a denied action", () => {
    expect(ids(entriesForDeniedAction("vpc-cni", "v1.22.1-eksbuild.1", "ec2:DescribeSecurityGroups"))).toEqual(["vpc-cni-v1.22-describe-security-groups"]);
    expect(entriesForDeniedAction("vpc-cni", "v1.22.2-eksbuild.1", "ec2:DescribeSecurityGroups")).toEqual([]);
    expect(ids(entriesForDeniedAction("vpc-cni", "v1.18.0", "ec2:DescribeSubnets"))).toEqual(["vpc-cni-v1.18-describe-subnets"]);
    expect(entriesForDeniedAction("vpc-cni", "v1.17.1-eksbuild.1", "ec2:DescribeSubnets")).toEqual([]);
  });
});

describe("recommendations", () => {
  it("follows the README table", () => {
    expect(OLDEST_RECOMMENDED_CNI).toEqual({ "1.33": "v1.17.1", "1.32": "v1.17.1", "1.31": "v1.16.4", "1.30": "v1.16.0", "1.29": "v1.14.1", "1.28": "v1.13.4" });
    expect(MIN_POD_IDENTITY_CNI).toBe("v1.15.5-eksbuild.1");
    expect(MIN_POD_IDENTITY_AGENT).toBe("v1.2.0-eksbuild.1");
  });
});
