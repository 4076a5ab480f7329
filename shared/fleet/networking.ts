// How a cluster's pod networking is provided. Clusters without a vpc-cni add-on are only
// flagged when they most likely run a self-managed VPC CNI: EKS Auto Mode manages
// networking itself, and a cluster can run another CNI (declared with a tag, or visible as
// a marketplace/community add-on).
import type { AddonSnapshot } from "./snapshot.ts";

export type NetworkingMode =
  | { kind: "vpc-cni-addon" }
  | { kind: "vpc-cni-self-managed" }
  | { kind: "auto-mode" }
  | { kind: "other-cni"; name: string; evidence: string };

/** Tag a cluster with `cni-auditor/cni = cilium` (or calico, …) to declare its CNI. */
export const CNI_TAG = "cni-auditor/cni";

const OTHER_CNI_ADDON = /cilium|calico|tigera|antrea|flannel|weave|kube-router/i;

export function networkingMode(input: {
  autoMode: boolean;
  tags: Record<string, string>;
  addons: readonly AddonSnapshot[];
}): NetworkingMode {
  if (input.addons.some((a) => a.name === "vpc-cni")) return { kind: "vpc-cni-addon" };
  if (input.autoMode) return { kind: "auto-mode" };
  const declared = input.tags[CNI_TAG]?.trim();
  if (declared && !/^(aws-)?vpc-cni$/i.test(declared)) {
    return { kind: "other-cni", name: declared, evidence: `tag ${CNI_TAG}=${declared}` };
  }
  const addon = input.addons.find((a) => OTHER_CNI_ADDON.test(a.name));
  if (addon) return { kind: "other-cni", name: addon.name, evidence: `add-on ${addon.name}` };
  return { kind: "vpc-cni-self-managed" };
}

export function describeNetworking(mode: NetworkingMode): string {
  switch (mode.kind) {
    case "vpc-cni-addon":
      return "VPC CNI (EKS add-on)";
    case "vpc-cni-self-managed":
      return "VPC CNI (self-managed)";
    case "auto-mode":
      return "EKS Auto Mode";
    case "other-cni":
      return `other CNI: ${mode.name}`;
  }
}
