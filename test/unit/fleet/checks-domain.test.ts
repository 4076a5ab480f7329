// Fleet checks against the facts of the December 2026 review (domain-2026-12.md §3–§4): what
// the EKS API can and cannot show, the create-then-update flow for adopting the add-on, the
// cluster's IP family and subnet discovery as features, and floors from DescribeAddonVersions.
import { describe, expect, it } from "vitest";
import { FLEET_CHECKS } from "../../../shared/fleet/checks/index.ts";
import { clusterFeatures } from "../../../shared/fleet/cluster-features.ts";
import type { ClusterSnapshot } from "../../../shared/fleet/snapshot.ts";
import { toMarkdown } from "../../../shared/render/markdown.ts";
import { makeCluster, vpcCni, withAddon, withoutAddon } from "./cluster-fixture.ts";

const hits = (id: string, c: ClusterSnapshot) =>
  FLEET_CHECKS.find((x) => x.id === `fleet/${id}`)!
    .evaluate(c)
    .map((h) => ({ ...h, remediation: toMarkdown(h.remediation) }));

describe("fleet/cni-on-node-role: what the EKS API cannot see", () => {
  const bare = (extra: Partial<ClusterSnapshot> = {}) => withAddon(makeCluster(extra), vpcCni({ serviceAccountRoleArn: null }));

  it("says no role was found through the EKS API, and how to check for a hand-set annotation", () => {
    const [h] = hits("cni-on-node-role", bare());
    expect(h?.title).toBe("vpc-cni on demo-cluster: no IRSA role or Pod Identity association found through the EKS API");
    expect(h?.title).not.toMatch(/uses the node role/);
    expect(h?.remediation).toContain(
      "aws eks update-kubeconfig --region us-west-2 --name demo-cluster && kubectl -n kube-system get serviceaccount aws-node -o jsonpath='{.metadata.annotations.eks\\.amazonaws\\.com/role-arn}'",
    );
    expect(h?.remediation).toContain("detach AmazonEKS_CNI_Policy from the node roles");
  });

  it("IPv6 clusters (kubernetesNetworkConfig.ipFamily): the managed policy has no IPv6 action", () => {
    const [h] = hits("cni-on-node-role", bare({ ipFamily: "ipv6" }));
    expect(h?.remediation).toContain("AmazonEKS_CNI_Policy has no IPv6 action; attach your IPv6 CNI policy");
    expect(h?.remediation).not.toContain("detach AmazonEKS_CNI_Policy");
  });
});

describe("fleet/cni-not-managed: the user guide's create-then-update flow", () => {
  const [h] = hits("cni-not-managed", withoutAddon(makeCluster(), "vpc-cni"));

  it("saves aws-node, creates the add-on without PRESERVE, then updates it with the saved settings", () => {
    const md = h!.remediation;
    expect(md).toContain("kubectl -n kube-system get daemonset aws-node -o yaml > aws-k8s-cni-old.yaml");
    expect(md).toContain("aws eks create-addon --region us-west-2 --cluster-name demo-cluster --addon-name vpc-cni --addon-version v1.20.4-eksbuild.1\n");
    expect(md).toContain("`--resolve-conflicts OVERWRITE`");
    expect(md).toContain(
      "aws eks update-addon --region us-west-2 --cluster-name demo-cluster --addon-name vpc-cni --addon-version v1.20.4-eksbuild.1 --resolve-conflicts PRESERVE --configuration-values file://vpc-cni-values.json",
    );
    expect(md).not.toMatch(/create-addon[^\n]*PRESERVE/);
    expect(md).not.toContain("PRESERVE keeps fields that differ");
    expect(md.indexOf("create-addon")).toBeLessThan(md.indexOf("update-addon"));
  });
});

describe("cluster features from the API", () => {
  it("IPv6 from kubernetesNetworkConfig.ipFamily, subnet discovery on when unset", () => {
    const v4 = withAddon(makeCluster({ ipFamily: "ipv4" }), vpcCni({ configurationValues: null }));
    expect(clusterFeatures(v4).features).toEqual(["subnet-discovery"]);
    expect(clusterFeatures({ ...v4, ipFamily: "ipv6" }).features).toEqual(["ipv6", "subnet-discovery"]);
    const off = withAddon(makeCluster(), vpcCni({ configurationValues: '{"env":{"ENABLE_SUBNET_DISCOVERY":"false"}}' }));
    expect(clusterFeatures(off).features).toEqual(["subnet-discovery-off"]);
  });

  it("older snapshots without ipFamily keep ENABLE_IPv6 from the configuration", () => {
    const c = withAddon(makeCluster(), vpcCni({ configurationValues: '{"env":{"ENABLE_IPv6":"true"}}' }));
    expect(clusterFeatures(c).features).toContain("ipv6");
  });
});

describe("fleet/known-issue on the 2026 entries", () => {
  const on = (version: string, config: string | null = null, extra: Partial<ClusterSnapshot> = {}) =>
    withAddon(makeCluster(extra), vpcCni({ version, configurationValues: config }));

  it("flags v1.22.0 and v1.22.1 (a defect now, kind issue), naming a build the API offers", () => {
    const [h] = hits("known-issue", on("v1.22.0-eksbuild.1", null, { kubernetesVersion: "1.34", addonVersions: { "vpc-cni": { defaultVersion: "v1.22.4-eksbuild.1", latestVersion: "v1.23.1-eksbuild.1" } } }));
    expect(h?.knownIssues).toContain("vpc-cni-v1.22-describe-security-groups");
    expect(h?.facts).toMatchObject({ targetVersion: "v1.22.4-eksbuild.1", features: ["subnet-discovery"] });
    expect(h?.remediation).toContain("--addon-version v1.22.4-eksbuild.1");
    expect(hits("known-issue", on("v1.22.1-eksbuild.1"))[0]?.knownIssues).toContain("vpc-cni-v1.22.1-describe-security-groups");
  });

  it("v1.22.1 with custom networking, or subnet discovery off, is not hit", () => {
    const custom = '{"env":{"AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG":"true"}}';
    expect(hits("known-issue", on("v1.22.1-eksbuild.1", custom))).toEqual([]);
    expect(hits("known-issue", on("v1.22.0-eksbuild.1", '{"env":{"ENABLE_SUBNET_DISCOVERY":"false"}}'))).toEqual([]);
    expect(hits("known-issue", on("v1.23.1-eksbuild.1"))).toEqual([]);
  });
});

describe("fleet/below-oldest-recommended without a README row", () => {
  const withFloor = (version: string) =>
    withAddon(
      makeCluster({ kubernetesVersion: "1.35", addonVersions: { "vpc-cni": { defaultVersion: "v1.21.1-eksbuild.1", latestVersion: "v1.23.1-eksbuild.1", oldestVersion: "v1.20.0-eksbuild.1" } } }),
      vpcCni({ version }),
    );

  it("takes the oldest build DescribeAddonVersions lists as compatible", () => {
    const [h] = hits("below-oldest-recommended", withFloor("v1.19.5-eksbuild.1"));
    expect(h?.title).toBe("vpc-cni v1.19.5-eksbuild.1 on demo-cluster is below v1.20.0-eksbuild.1, the oldest EKS lists as compatible for Kubernetes 1.35");
    expect(h?.facts).toMatchObject({ floorSource: "DescribeAddonVersions", targetVersion: "v1.21.1-eksbuild.1" });
  });

  it("passes at that floor, and without one", () => {
    expect(hits("below-oldest-recommended", withFloor("v1.20.0-eksbuild.1"))).toEqual([]);
    expect(hits("below-oldest-recommended", withAddon(makeCluster({ kubernetesVersion: "1.36" }), vpcCni({ version: "v1.10.0-eksbuild.1" })))).toEqual([]);
  });
});
