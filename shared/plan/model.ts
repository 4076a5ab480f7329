// An upgrade plan as data (`cni-auditor plan --json`): per cluster, the path, what the target
// hits under that cluster's configuration, what its CNI role lacks, the companions it needs,
// and the commands in order. The text and Markdown renderers read only this.
import type { Severity } from "../core/severity.ts";

export const PLAN_SCHEMA = "cni-auditor/upgrade-plan";
export const PLAN_SCHEMA_VERSION = 1;

export interface PlanRequest {
  addon: "vpc-cni";
  /** "latest", a release ("v1.22.4", "v1.22") or a build ("v1.22.4-eksbuild.1"); null: keep the version unless the Kubernetes target needs another. */
  to: string | null;
  /** Kubernetes minor to move the clusters to ("1.33"), or null. */
  kubernetes: string | null;
  /** Cluster names to plan; empty: all. */
  clusters: string[];
}

export type StepKind = "permissions" | "companion" | "addon" | "kubernetes";

export interface PlanStep {
  kind: StepKind;
  /** What is changed: "vpc-cni", "eks-pod-identity-agent", "kubernetes", a role ARN. */
  subject: string;
  from: string | null;
  to: string;
  /** Why this step is here (one minor at a time, the build Kubernetes K needs, …). */
  reason: string;
}

export type FindingKind = "known-issue" | "requirement" | "permission" | "companion" | "compatibility" | "path" | "unchecked";

export interface PlanFinding {
  /** A catalog entry id, or plan/<what> for the plan's own findings. */
  id: string;
  kind: FindingKind;
  severity: Severity;
  title: string;
  detail: string;
  /** The add-on version (or Kubernetes version) the finding is about. */
  version: string | null;
  references: string[];
}

export interface Companion {
  name: string;
  /** What the target needs, e.g. ">= v1.2.0-eksbuild.1". */
  needs: string;
  /** What the snapshot shows, or null when it cannot show it (CRDs, Helm values). */
  current: string | null;
  ok: boolean | null;
  note: string;
}

export interface ClusterPlan {
  account: string | null;
  region: string;
  name: string;
  kubernetesVersion: string | null;
  targetKubernetesVersion: string | null;
  currentVersion: string | null;
  /** The build the plan ends on; null when none could be chosen (see findings). */
  targetVersion: string | null;
  /** Why the cluster is not planned (no vpc-cni add-on, …); null when it is. */
  skipped: string | null;
  path: PlanStep[];
  findings: PlanFinding[];
  companions: Companion[];
  /** The exact commands, in order (shell-quoted; placeholders where a value was unusable). */
  commands: string[];
  /** Worst finding, or null. */
  worstSeverity: Severity | null;
}

export interface FleetPlan {
  schema: typeof PLAN_SCHEMA;
  schemaVersion: typeof PLAN_SCHEMA_VERSION;
  snapshotTakenAt: string;
  request: PlanRequest;
  clusters: ClusterPlan[];
  summary: { clusters: number; planned: number; findings: number; bySeverity: Record<Severity, number> };
}
