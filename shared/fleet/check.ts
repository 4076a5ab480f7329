// A fleet check is data: id, severity, references and a pure `evaluate` over one cluster's
// snapshot. One check per file in checks/, registered in checks/index.ts.
import type { Remediation } from "../render/remediation.ts";
import type { Facts, Severity } from "../types.ts";
import type { ClusterSnapshot } from "./snapshot.ts";

export type FleetCheckId = `fleet/${string}`;

/** One thing a check found on one cluster. */
export interface CheckHit {
  /** Distinguishes several hits of one check on one cluster (an add-on, an insight id). */
  subject?: string;
  /** Overrides the check's severity for this hit. */
  severity?: Severity;
  title: string;
  facts: Facts;
  knownIssues?: string[];
  /** What breaks, why, the exact commands, how to verify (render/remediation.ts). */
  remediation: Remediation;
  /** Added to the check's references. */
  references?: string[];
}

export interface FleetCheck {
  id: FleetCheckId;
  /** Short, stable description for reports and `cni-auditor rules`. */
  summary: string;
  /** What of the snapshot it reads (the EKS API calls behind it), for `cni-auditor rules`. */
  looksAt: string;
  severity: Severity;
  references: string[];
  evaluate(cluster: ClusterSnapshot): CheckHit[];
}

/** True when an optional read failed, so a check must not conclude from its absence. */
export function readFailed(cluster: ClusterSnapshot, operation: string): boolean {
  return cluster.partialErrors.some((e) => e.operation === operation);
}

/** aws-node has a Pod Identity association (listed for kube-system/aws-node, or on the add-on). */
export function awsNodeUsesPodIdentity(cluster: ClusterSnapshot): boolean {
  const cni = cluster.addons.find((a) => a.name === "vpc-cni");
  return cluster.podIdentityAssociations.length > 0 || (cni?.podIdentityAssociationArns.length ?? 0) > 0;
}

/** Role ARNs of aws-node's Pod Identity associations (unique). */
export function podIdentityRoles(cluster: ClusterSnapshot): string[] {
  return [...new Set(cluster.podIdentityAssociations.map((a) => a.roleArn).filter((r): r is string => !!r))];
}
