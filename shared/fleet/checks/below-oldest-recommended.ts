import { OLDEST_RECOMMENDED_CNI } from "../../catalog/index.ts";
import type { FleetCheck } from "../check.ts";
import { md, paragraphs } from "../commands.ts";
import { upgradeText } from "../remediation.ts";
import { findAddon } from "../snapshot.ts";
import { isBelow, upgradeTarget } from "../versions.ts";

// The VPC CNI README lists the oldest CNI version recommended for each Kubernetes version.
export const check: FleetCheck = {
  id: "fleet/below-oldest-recommended",
  summary: "vpc-cni is older than the oldest version recommended for the cluster's Kubernetes version",
  looksAt: "the vpc-cni add-on version against the oldest recommended for the Kubernetes version (README table, else DescribeAddonVersions compatibilities)",
  severity: "high",
  references: ["https://github.com/aws/amazon-vpc-cni-k8s#recommended-version"],
  evaluate(c) {
    const cni = findAddon(c, "vpc-cni");
    const row = c.kubernetesVersion ? OLDEST_RECOMMENDED_CNI[c.kubernetesVersion] : undefined;
    // No README row: the oldest build EKS lists as compatible with this Kubernetes version.
    const floor = row ?? c.addonVersions["vpc-cni"]?.oldestVersion ?? undefined;
    if (!cni?.version || !floor || !isBelow(cni.version, floor)) return [];
    const target = upgradeTarget(c, "vpc-cni", [floor]);
    const what = row ? "the oldest recommended" : "the oldest EKS lists as compatible";
    return [
      {
        title: `vpc-cni ${cni.version} on ${c.name} is below ${floor}, ${what} for Kubernetes ${c.kubernetesVersion}`,
        facts: { addonVersion: cni.version, kubernetesVersion: c.kubernetesVersion, oldestRecommended: floor, floorSource: row ? "readme" : "DescribeAddonVersions", targetVersion: target },
        remediation: paragraphs(
          md`Kubernetes ${c.kubernetesVersion} is not tested with VPC CNI versions older than ${floor} (${what}); cluster upgrades and new node AMIs assume a newer CNI.`,
          upgradeText(c, "vpc-cni", cni.version, target),
        ),
      },
    ];
  },
};
