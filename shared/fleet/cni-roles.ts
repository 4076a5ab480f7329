// Which IAM roles make the VPC CNI's AWS calls, per cluster. Event rules use the fleet's
// list to attribute a denied EC2 call to the CNI (config `cniRoleArns`).
import { networkingMode } from "./networking.ts";
import type { AddonSnapshot, CniRole, FleetSnapshot, PodIdentitySnapshot } from "./snapshot.ts";

export function cniRolesFor(input: {
  autoMode: boolean;
  tags: Record<string, string>;
  addons: readonly AddonSnapshot[];
  podIdentityAssociations: readonly PodIdentitySnapshot[];
  nodeRoleArns: readonly string[];
}): CniRole[] {
  const mode = networkingMode(input);
  if (mode.kind === "auto-mode" || mode.kind === "other-cni") return [];
  const roles: CniRole[] = [];
  const saRole = input.addons.find((a) => a.name === "vpc-cni")?.serviceAccountRoleArn;
  if (saRole) roles.push({ arn: saRole, via: "addon-service-account" });
  for (const a of input.podIdentityAssociations) {
    if (a.roleArn && !roles.some((r) => r.arn === a.roleArn)) roles.push({ arn: a.roleArn, via: "pod-identity" });
  }
  // Without IRSA or Pod Identity, aws-node falls back to the instance profile of each node.
  if (roles.length === 0) {
    for (const arn of input.nodeRoleArns) roles.push({ arn, via: "node-role" });
  }
  return roles;
}

/** Every role the CNI uses anywhere in the fleet, unique and sorted (for `cniRoleArns`). */
export function cniRoleArnsFromSnapshot(snapshot: FleetSnapshot): string[] {
  const arns = new Set<string>();
  for (const c of snapshot.clusters) for (const r of c.cniRoles) arns.add(r.arn);
  return [...arns].sort();
}
