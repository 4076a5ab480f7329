import { featuresFromConfiguration } from "../../catalog/index.ts";
import type { FleetCheck } from "../check.ts";
import { clusterWord, cmd, paragraphs, regionWord, sh, text } from "../commands.ts";
import { findAddon } from "../snapshot.ts";

// On EKS 1.29 the vpc-resource-controller's ClusterRole lacks update/patch on
// cninodes.vpcresources.k8s.aws; with security groups for pods (ENABLE_POD_ENI) its CNINode
// updates fail with 403 and denied-action alarms fire. EKS fixed the role in 1.30 (vpc-cni #2926).
export const check: FleetCheck = {
  id: "fleet/cninodes-rbac-gap",
  summary: "EKS 1.29 with security groups for pods (ENABLE_POD_ENI): the cninodes RBAC gap of the VPC resource controller",
  looksAt: "vpc-cni configuration (ENABLE_POD_ENI) and the Kubernetes version",
  severity: "high",
  references: ["https://github.com/aws/amazon-vpc-cni-k8s/issues/2926"],
  evaluate(c) {
    if (c.kubernetesVersion !== "1.29") return [];
    const cni = findAddon(c, "vpc-cni");
    if (!cni) return [];
    const { features } = featuresFromConfiguration(cni.configurationValues);
    if (!features.includes("pod-eni")) return [];
    return [
      {
        title: `${c.name} runs EKS 1.29 with ENABLE_POD_ENI: CNINode updates by eks:vpc-resource-controller are forbidden`,
        facts: { kubernetesVersion: c.kubernetesVersion, addonVersion: cni.version, features },
        remediation: paragraphs(
          text("EKS 1.29's `eks:vpc-resource-controller` ClusterRole cannot update `cninodes.vpcresources.k8s.aws`, so security groups for pods get stuck on trunk ENI setup and 403s flood the audit log (the `cninodes-forbidden` rule). EKS fixed the role in 1.30: upgrade the control plane."),
          sh(
            cmd("aws", "eks", "update-cluster-version", "--region", regionWord(c), "--name", clusterWord(c), "--kubernetes-version", "1.30"),
            cmd("aws", "eks", "wait", "cluster-active", "--region", regionWord(c), "--name", clusterWord(c)),
          ),
          text("Check first that your add-ons and nodes support 1.30 (Cluster Insights → Upgrade readiness)."),
        ),
      },
    ];
  },
};
