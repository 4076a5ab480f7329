import { describe, expect, it } from "vitest";
import {
  CATALOG_REVIEW,
  FEATURES,
  KNOWN_ISSUES,
  MIN_POD_IDENTITY_AGENT,
  MIN_POD_IDENTITY_CNI,
  compareAddonVersions,
  entriesForDeniedAction,
  knownIssueById,
  knownIssuesFor,
  newerThanReviewed,
  newestReview,
  parseAddonVersion,
  requirementsFor,
} from "../../../shared/catalog/index.ts";

const ids = (entries: Array<{ id: string }>) => entries.map((e) => e.id).sort();

describe("catalog data", () => {
  it("has unique ids, a review date and a source on every entry", () => {
    expect(new Set(KNOWN_ISSUES.map((e) => e.id)).size).toBe(KNOWN_ISSUES.length);
    for (const e of KNOWN_ISSUES) {
      expect(e.reviewed, e.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(e.references.length, e.id).toBeGreaterThan(0);
      for (const url of e.references)
        expect(url, e.id).toMatch(/^https:\/\/(github\.com\/[\w.-]+\/[\w.-]+\/(issues|pull|blob|releases\/tag)\/|docs\.aws\.amazon\.com\/)/);
      for (const text of [e.title, e.impact, e.fix]) expect(text.length, e.id).toBeGreaterThan(10);
    }
  });

  it("has well-formed ranges and known feature names", () => {
    for (const e of KNOWN_ISSUES) {
      expect(parseAddonVersion(e.from), e.id).not.toBeNull();
      if (e.toExclusive !== null) expect(compareAddonVersions(e.from, e.toExclusive), e.id).toBeLessThan(0);
      if (e.fixedIn !== null) expect(parseAddonVersion(e.fixedIn), e.id).not.toBeNull();
      for (const f of [...e.when, ...(e.whenAll ?? []), ...(e.unless ?? [])]) expect(FEATURES, e.id).toContain(f);
      if (e.iamAction) expect(e.iamAction).toMatch(/^ec2:[A-Z]\w+$/);
    }
  });

  it("names a fixed version that exists: v1.13.2, never v1.13.1", () => {
    const e = knownIssueById("vpc-cni-v1.13.0-eniconfig-without-sg");
    expect(e).toMatchObject({ toExclusive: "v1.13.2", fixedIn: "v1.13.2" });
    expect(JSON.stringify(KNOWN_ISSUES)).not.toContain("v1.13.1");
  });

  it("drops the v1.23 DescribeSecurityGroups requirement (v1.23 never calls it)", () => {
    expect(knownIssueById("vpc-cni-v1.23-describe-security-groups")).toBeUndefined();
    expect(entriesForDeniedAction("vpc-cni", "v1.23.0-eksbuild.1", "ec2:DescribeSecurityGroups")).toEqual([]);
    expect(entriesForDeniedAction("vpc-cni", "v1.22.2-eksbuild.1", "ec2:DescribeSecurityGroups")).toEqual([]);
  });

  it("has the newest review date and the newest versions it saw", () => {
    expect(newestReview(KNOWN_ISSUES)).toBe("2026-12-03");
    expect(CATALOG_REVIEW.date).toBe("2026-12-03");
    expect(newerThanReviewed("vpc-cni", "v1.23.3-eksbuild.4")).toBe(false);
    expect(newerThanReviewed("vpc-cni", "v1.23.4-eksbuild.1")).toBe(true);
    expect(newerThanReviewed("vpc-cni", "v1.24.0-eksbuild.1")).toBe(true);
    expect(newerThanReviewed("vpc-cni", "v1.20.4-eksbuild.1")).toBe(false);
    expect(newerThanReviewed("eks-pod-identity-agent", "v1.3.10-eksbuild.2")).toBe(false);
    expect(newerThanReviewed("eks-pod-identity-agent", "v1.3.10-eksbuild.3")).toBe(true);
    expect(newerThanReviewed("kube-proxy", "v9.0.0")).toBe(false);
    expect(newerThanReviewed("vpc-cni", "latest")).toBe(false);
  });
});

// Each corrected or new entry: versions and configurations that match, and the nearest ones that do not.
const CASES: Array<{ id: string; addon?: string; hit: Array<[string, string[]]>; miss: Array<[string, string[]]> }> = [
  { id: "vpc-cni-v1.13.0-eniconfig-without-sg", hit: [["v1.13.0-eksbuild.1", ["custom-networking"]]], miss: [["v1.13.2-eksbuild.1", ["custom-networking"]], ["v1.13.0-eksbuild.1", []]] },
  { id: "vpc-cni-v1.14.0-np-agent-metrics-port", hit: [["v1.14.0-eksbuild.3", []]], miss: [["v1.14.1-eksbuild.1", []], ["v1.13.4-eksbuild.1", []]] },
  { id: "vpc-cni-v1.15.0-cninode-dependency", hit: [["v1.15.0-eksbuild.2", ["custom-networking"]]], miss: [["v1.15.0-eksbuild.2", ["pod-eni"]], ["v1.15.1-eksbuild.1", ["custom-networking"]]] },
  { id: "vpc-cni-v1.15-cninode-watch-errors", hit: [["v1.15.1-eksbuild.1", []], ["v1.15.4-eksbuild.1", []]], miss: [["v1.15.5-eksbuild.1", []], ["v1.14.1-eksbuild.1", []]] },
  {
    id: "vpc-cni-v1.16.0-sgp-custom-networking-order",
    hit: [["v1.16.0-eksbuild.1", ["custom-networking", "pod-eni"]], ["v1.16.3-eksbuild.2", ["pod-eni", "custom-networking"]]],
    miss: [["v1.16.0-eksbuild.1", ["pod-eni"]], ["v1.16.0-eksbuild.1", ["custom-networking"]], ["v1.16.4-eksbuild.1", ["custom-networking", "pod-eni"]], ["v1.15.5-eksbuild.1", ["custom-networking", "pod-eni"]]],
  },
  { id: "vpc-cni-v1.16.0-trunk-eni-ips", hit: [["v1.16.0-eksbuild.1", ["pod-eni"]]], miss: [["v1.16.0-eksbuild.1", ["custom-networking"]], ["v1.16.4-eksbuild.1", ["pod-eni"]]] },
  { id: "vpc-cni-v1.16.3-eni-scaleup-livelock", hit: [["v1.16.3-eksbuild.2", []]], miss: [["v1.16.2-eksbuild.1", []], ["v1.16.4-eksbuild.1", []]] },
  { id: "vpc-cni-v1.18-unfilled-eni", hit: [["v1.18.2-eksbuild.1", []], ["v1.18.0", ["subnet-discovery"]]], miss: [["v1.18.2-eksbuild.1", ["subnet-discovery-off"]], ["v1.18.3-eksbuild.1", []]] },
  { id: "vpc-cni-v1.20.2-multus-standard-plugins", hit: [["v1.20.2-eksbuild.1", []], ["v1.20.3-eksbuild.1", []]], miss: [["v1.20.1-eksbuild.1", []], ["v1.20.4-eksbuild.1", []]] },
  { id: "vpc-cni-v1.22-describe-security-groups", hit: [["v1.22.0-eksbuild.1", ["custom-networking"]]], miss: [["v1.22.0-eksbuild.1", ["subnet-discovery-off"]], ["v1.21.2-eksbuild.1", []]] },
  { id: "vpc-cni-v1.22.1-describe-security-groups", hit: [["v1.22.1-eksbuild.1", []]], miss: [["v1.22.1-eksbuild.1", ["custom-networking"]], ["v1.22.1-eksbuild.1", ["subnet-discovery-off"]], ["v1.22.2-eksbuild.1", []]] },
  { id: "vpc-cni-v1.16.0-cni-spec-1.0.0", hit: [["v1.16.0-eksbuild.1", []], ["v1.16.1", []]], miss: [["v1.16.2-eksbuild.1", []], ["v1.15.5-eksbuild.1", []]] },
  { id: "vpc-cni-isolated-region-sdk-hang", hit: [["v1.21.1-eksbuild.1", []], ["v1.19.4-eksbuild.1", []]], miss: [["v1.21.2-eksbuild.1", []], ["v1.23.0-eksbuild.1", []]] },
  { id: "vpc-cni-unmanaged-eni-counter", hit: [["v1.20.4-eksbuild.1", []], ["v1.22.2-eksbuild.1", []]], miss: [["v1.22.3-eksbuild.1", []], ["v1.23.0-eksbuild.1", []]] },
  { id: "network-policy-agent-v1.0.4-egress-only", hit: [["v1.15.1-eksbuild.1", ["network-policy"]]], miss: [["v1.15.3-eksbuild.1", ["network-policy"]], ["v1.15.1-eksbuild.1", []]] },
  { id: "network-policy-agent-v1.0.6-conntrack-cleanup", hit: [["v1.15.4-eksbuild.1", ["network-policy"]]], miss: [["v1.15.5-eksbuild.1", ["network-policy"]], ["v1.15.4-eksbuild.1", []]] },
  { id: "network-policy-agent-probes-blocked", hit: [["v1.14.1-eksbuild.1", ["network-policy"]]], miss: [["v1.15.1-eksbuild.1", ["network-policy"]], ["v1.14.1-eksbuild.1", []]] },
  { id: "pod-identity-agent-pod-labels-ignored", addon: "eks-pod-identity-agent", hit: [["v1.3.9-eksbuild.1", []]], miss: [["v1.3.10-eksbuild.1", []]] },
  { id: "pod-identity-agent-v1.3.10-eksbuild.2-degraded", addon: "eks-pod-identity-agent", hit: [["v1.3.10-eksbuild.2", []]], miss: [["v1.3.10-eksbuild.1", []], ["v1.3.10-eksbuild.3", []]] },
];

describe("each corrected and new issue", () => {
  for (const c of CASES) {
    it(`${c.id}: matches its range and configuration only`, () => {
      const addon = c.addon ?? "vpc-cni";
      const all = { includeConditional: true };
      for (const [v, f] of c.hit) expect(ids(knownIssuesFor(addon, v, f, all)), `${v} ${f}`).toContain(c.id);
      for (const [v, f] of c.miss) expect(ids(knownIssuesFor(addon, v, f, all)), `${v} ${f}`).not.toContain(c.id);
    });
  }

  it("leaves issues whose condition the configuration cannot show out of alerts unless asked", () => {
    const conditional = KNOWN_ISSUES.filter((e) => e.kind === "issue" && e.condition !== undefined).map((e) => e.id).sort();
    expect(conditional).toEqual([
      "pod-identity-agent-pod-labels-ignored",
      "pod-identity-agent-v1.3.10-eksbuild.2-degraded",
      "vpc-cni-isolated-region-sdk-hang",
      "vpc-cni-unmanaged-eni-counter",
      "vpc-cni-v1.14.0-np-agent-metrics-port",
      "vpc-cni-v1.15.0-cninode-dependency",
      "vpc-cni-v1.16.0-cni-spec-1.0.0",
      "vpc-cni-v1.18-unfilled-eni",
      "vpc-cni-v1.20.2-multus-standard-plugins",
    ]);
    expect(ids(knownIssuesFor("vpc-cni", "v1.20.2-eksbuild.1", []))).toEqual([]);
    expect(ids(knownIssuesFor("vpc-cni", "v1.18.2-eksbuild.1", []))).toEqual([]);
  });
});

const REQUIREMENTS: Array<{ id: string; addon?: string; hit: Array<[string, string[]]>; miss: Array<[string, string[]]> }> = [
  { id: "vpc-cni-v1.13.0-eniconfig-required", hit: [["v1.13.0-eksbuild.1", ["custom-networking"]]], miss: [["v1.12.6-eksbuild.2", ["custom-networking"]], ["v1.13.0-eksbuild.1", []]] },
  { id: "vpc-cni-v1.18-describe-subnets", hit: [["v1.18.0", []], ["v1.21.2-eksbuild.1", []]], miss: [["v1.17.1-eksbuild.1", []], ["v1.22.0-eksbuild.1", []]] },
  { id: "vpc-cni-v1.22-describe-subnets-blocking", hit: [["v1.22.0-eksbuild.1", []], ["v1.23.3-eksbuild.1", ["ipv6"]]], miss: [["v1.21.2-eksbuild.1", []], ["v1.23.0-eksbuild.1", ["subnet-discovery-off"]]] },
  { id: "vpc-cni-v1.22.4-downgrade-network-policy", hit: [["v1.22.4-eksbuild.1", ["network-policy"]]], miss: [["v1.22.3-eksbuild.1", ["network-policy"]], ["v1.23.0-eksbuild.1", []]] },
  { id: "vpc-cni-v1.23-needs-np-agent-v1.4.1", hit: [["v1.23.0-eksbuild.1", []]], miss: [["v1.22.4-eksbuild.1", []]] },
  { id: "vpc-cni-v1.23.0-probes-unix-socket", hit: [["v1.23.1-eksbuild.1", []]], miss: [["v1.22.4-eksbuild.1", []]] },
  { id: "network-policy-agent-disable-with-policies", hit: [["v1.20.4-eksbuild.1", ["network-policy"]]], miss: [["v1.20.4-eksbuild.1", []], ["v1.13.4-eksbuild.1", ["network-policy"]]] },
  { id: "vpc-cni-pod-identity-needs-agent", hit: [["v1.19.5-eksbuild.1", ["pod-identity"]]], miss: [["v1.19.5-eksbuild.1", []], ["v1.15.4-eksbuild.1", ["pod-identity"]]] },
  { id: "pod-identity-agent-ipv6-bind", addon: "eks-pod-identity-agent", hit: [["v1.3.10-eksbuild.2", []]], miss: [] },
  { id: "pod-identity-agent-node-role-and-endpoint", addon: "eks-pod-identity-agent", hit: [["v1.3.8-eksbuild.2", []]], miss: [] },
  { id: "pod-identity-agent-cilium-kube-proxy-replacement", addon: "eks-pod-identity-agent", hit: [["v1.3.10-eksbuild.2", []]], miss: [] },
];

describe("each corrected and new requirement", () => {
  for (const c of REQUIREMENTS) {
    it(`${c.id}: applies to its range and configuration only, and never as an issue`, () => {
      const addon = c.addon ?? "vpc-cni";
      for (const [v, f] of c.hit) {
        expect(ids(requirementsFor(addon, v, f)), `${v} ${f}`).toContain(c.id);
        expect(ids(knownIssuesFor(addon, v, f)), `${v} ${f}`).not.toContain(c.id);
      }
      for (const [v, f] of c.miss) expect(ids(requirementsFor(addon, v, f)), `${v} ${f}`).not.toContain(c.id);
    });
  }

  it("gives the exact IPv4-listener fix for the agent's IPv6 bind crash", () => {
    expect(knownIssueById("pod-identity-agent-ipv6-bind")?.fix).toContain(
      `aws eks update-addon --cluster-name <cluster> --addon-name eks-pod-identity-agent --configuration-values '{"agent":{"additionalArgs":{"-b":"169.254.170.23"}}}'`,
    );
  });

  it("names the node-role permission and the eks-auth endpoint for Pod Identity", () => {
    for (const id of ["vpc-cni-pod-identity-needs-agent", "pod-identity-agent-node-role-and-endpoint"]) {
      expect(knownIssueById(id)?.fix, id).toContain("eks-auth:AssumeRoleForPodIdentity");
      expect(knownIssueById(id)?.fix, id).toContain("com.amazonaws.<region>.eks-auth");
    }
  });

  it("adds the probe move and the v1.22.4 rollback floor to v1.23", () => {
    expect(knownIssueById("vpc-cni-v1.23-needs-np-agent-v1.4.1")?.fix).toContain("roll back only to v1.22.4");
    expect(knownIssueById("vpc-cni-v1.23.0-probes-unix-socket")?.title).toContain("unix:///var/run/aws-node/ipamd.sock");
    expect(knownIssueById("vpc-cni-v1.23-needs-np-agent-v1.4.1")?.impact).toContain("probes moved from :50051 to unix:///var/run/aws-node/ipamd.sock");
  });
});

describe("notes", () => {
  it("records the versions without a user-agent marker, never as findings", () => {
    for (const v of ["v1.19.4-eksbuild.1", "v1.21.1-eksbuild.1", "v1.22.0-eksbuild.1"]) {
      const notes = KNOWN_ISSUES.filter((e) => e.kind === "note" && e.id.includes("no-user-agent-marker") && ids(knownIssuesFor("vpc-cni", v, [], { includeRequirements: true })).includes(e.id));
      expect(notes, v).toEqual([]);
    }
    const marker = KNOWN_ISSUES.filter((e) => e.id.endsWith("no-user-agent-marker"));
    expect(marker.map((e) => [e.from, e.toExclusive])).toEqual([["v1.19.4", "v1.21.2"], ["v1.22.0", "v1.22.1"]]);
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

  it("flags v1.22.0/1 as a defect (not a hidden requirement), and nothing on v1.23 with its defaults", () => {
    expect(ids(knownIssuesFor("vpc-cni", "v1.22.0-eksbuild.1", []))).toEqual(["vpc-cni-v1.22-describe-security-groups"]);
    expect(ids(knownIssuesFor("vpc-cni", "v1.22.1-eksbuild.1", []))).toEqual(["vpc-cni-v1.22.1-describe-security-groups"]);
    expect(knownIssuesFor("vpc-cni", "v1.23.0-eksbuild.1", [])).toEqual([]);
    expect(ids(knownIssuesFor("vpc-cni", "v1.22.0-eksbuild.1", [], { includeRequirements: true }))).toEqual([
      "vpc-cni-one-minor-at-a-time",
      "vpc-cni-v1.19.4-enforcing-mode-without-np-agent",
      "vpc-cni-v1.22-describe-security-groups",
      "vpc-cni-v1.22-describe-subnets-blocking",
    ]);
  });

  it("reports a detectable requirement when its condition is visible (Pod Identity below the minimum)", () => {
    expect(ids(knownIssuesFor("vpc-cni", "v1.15.4-eksbuild.1", ["pod-identity"]))).toContain("vpc-cni-pod-identity-minimum-version");
    expect(ids(knownIssuesFor("vpc-cni", "v1.15.4-eksbuild.1", []))).not.toContain("vpc-cni-pod-identity-minimum-version");
    expect(ids(knownIssuesFor("vpc-cni", MIN_POD_IDENTITY_CNI, ["pod-identity"]))).not.toContain("vpc-cni-pod-identity-minimum-version");
  });

  it("covers the Pod Identity agent and nothing for other add-ons", () => {
    expect(ids(knownIssuesFor("eks-pod-identity-agent", "v1.1.0-eksbuild.1", []))).toEqual(["pod-identity-agent-below-v1.2.0-toleration"]);
    expect(ids(knownIssuesFor("eks-pod-identity-agent", MIN_POD_IDENTITY_AGENT, []))).not.toContain("pod-identity-agent-below-v1.2.0-toleration");
    expect(knownIssuesFor("kube-proxy", "v1.19.4-eksbuild.1", ["custom-networking"])).toEqual([]);
    expect(knownIssuesFor("vpc-cni", "not-a-version", [])).toEqual([]);
  });
});

describe("requirements", () => {
  it("lists what a target version needs", () => {
    expect(ids(requirementsFor("vpc-cni", "v1.23.0-eksbuild.1", []))).toEqual([
      "vpc-cni-one-minor-at-a-time",
      "vpc-cni-v1.19.4-enforcing-mode-without-np-agent",
      "vpc-cni-v1.22-describe-subnets-blocking",
      "vpc-cni-v1.23-needs-np-agent-v1.4.1",
      "vpc-cni-v1.23.0-probes-unix-socket",
    ]);
  });

  it("names the version's IAM needs for a denied action", () => {
    expect(ids(entriesForDeniedAction("vpc-cni", "v1.22.0-eksbuild.1", "ec2:DescribeSecurityGroups"))).toEqual(["vpc-cni-v1.22-describe-security-groups"]);
    expect(ids(entriesForDeniedAction("vpc-cni", "v1.22.1-eksbuild.1", "ec2:DescribeSecurityGroups"))).toEqual(["vpc-cni-v1.22.1-describe-security-groups"]);
    expect(ids(entriesForDeniedAction("vpc-cni", "v1.18.0", "ec2:DescribeSubnets"))).toEqual(["vpc-cni-v1.18-describe-subnets"]);
    expect(ids(entriesForDeniedAction("vpc-cni", "v1.23.1", "ec2:DescribeSubnets"))).toEqual(["vpc-cni-v1.22-describe-subnets-blocking"]);
    expect(entriesForDeniedAction("vpc-cni", "v1.17.1-eksbuild.1", "ec2:DescribeSubnets")).toEqual([]);
  });
});
