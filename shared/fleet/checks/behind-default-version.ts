import { minorGap } from "../../catalog/index.ts";
import type { FleetCheck } from "../check.ts";
import { paragraphs } from "../commands.ts";
import { upgradeText } from "../remediation.ts";
import { findAddon } from "../snapshot.ts";
import { compareOrNull } from "../versions.ts";

// Drift: the add-on is older than what EKS installs by default on this Kubernetes version.
export const check: FleetCheck = {
  id: "fleet/behind-default-version",
  summary: "vpc-cni is older than the default version EKS offers for the cluster's Kubernetes version",
  looksAt: "the vpc-cni add-on version against DescribeAddonVersions' default for the cluster's Kubernetes version",
  severity: "low",
  references: ["https://docs.aws.amazon.com/eks/latest/userguide/vpc-add-on-update.html"],
  evaluate(c) {
    const cni = findAddon(c, "vpc-cni");
    const def = c.addonVersions["vpc-cni"]?.defaultVersion;
    const cmp = compareOrNull(cni?.version, def);
    if (!cni?.version || !def || cmp === null || cmp >= 0) return [];
    const gap = minorGap(cni.version, def);
    return [
      {
        severity: gap >= 1 ? "medium" : "low",
        title: `vpc-cni ${cni.version} on ${c.name} is behind the default ${def}${gap >= 1 ? ` (${gap} minor version${gap > 1 ? "s" : ""} in between)` : ""}`,
        facts: { addonVersion: cni.version, defaultVersion: def, latestVersion: c.addonVersions["vpc-cni"]?.latestVersion ?? null, minorsBetween: gap },
        remediation: paragraphs(upgradeText(c, "vpc-cni", cni.version, def)),
      },
    ];
  },
};
