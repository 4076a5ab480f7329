// The fleet snapshot: everything the fleet checks and reports read, as plain JSON.
// The inventory (EKS API reads) produces it; checks and reports are pure functions of it,
// so a saved snapshot (`--save-snapshot`) can be checked again offline (`--from-snapshot`).
//
// Schema (version 2; version 1 files still load: they lack `cniPermissions` and `ipFamily`,
// which read as "not checked"/"unknown"). Times are ISO-8601 strings; absent API values are null, never omitted.
//   FleetSnapshot   { schema, schemaVersion, takenAt, scope, clusters[], failures[] }
//   ClusterSnapshot one EKS cluster that was read completely enough to be checked
//   ReadFailure     a region, account or cluster that could not be read (reported, not checked)

import { featuresFromConfiguration, type IpFamily } from "../catalog/index.ts";
import type { RolePermissions } from "./permissions/model.ts";

export const SNAPSHOT_SCHEMA = "cni-auditor/fleet-snapshot";
/** What the inventory writes. 2 added the CNI roles' IAM simulation (`cniPermissions`) and `ipFamily`. */
export const SNAPSHOT_SCHEMA_VERSION = 2;
/** What the loader reads. */
export const READABLE_SNAPSHOT_VERSIONS: readonly number[] = [1, 2];

/** The add-ons the inventory resolves default/latest versions for. */
export const TRACKED_ADDONS = ["vpc-cni", "eks-pod-identity-agent", "kube-proxy", "coredns"] as const;

export interface FleetSnapshot {
  schema: typeof SNAPSHOT_SCHEMA;
  schemaVersion: 1 | typeof SNAPSHOT_SCHEMA_VERSION;
  /** When the inventory started (the time every finding of this snapshot carries). */
  takenAt: string;
  scope: FleetScope;
  clusters: ClusterSnapshot[];
  failures: ReadFailure[];
  /**
   * Region → add-on → every build EKS offers, newest first, with the Kubernetes versions each
   * supports (DescribeAddonVersions without a Kubernetes filter): what an upgrade plan picks
   * builds from, for the cluster's Kubernetes version or the one it moves to. Absent before
   * schema 2 and when the read failed.
   */
  addonBuilds?: Record<string, Record<string, AddonBuild[]>>;
}

export interface AddonBuild {
  version: string;
  compatibilities: { clusterVersion: string; defaultVersion: boolean }[];
}

/** The add-ons whose builds the inventory records for upgrade plans. */
export const PLANNED_ADDONS = ["vpc-cni", "eks-pod-identity-agent"] as const;

export interface FleetScope {
  regions: string[];
  /** Member accounts reached by AssumeRole; empty = the caller's own credentials only. */
  accounts: string[];
  roleName: string | null;
}

export interface ReadFailure {
  account: string | null;
  region: string;
  /** null when a whole region/account failed (AssumeRole, ListClusters). */
  cluster: string | null;
  /** The API operation that failed, e.g. "DescribeCluster". */
  operation: string;
  /** Error name and message as the API returned them. */
  error: string;
}

export interface ClusterSnapshot {
  account: string | null;
  region: string;
  name: string;
  arn: string | null;
  status: string | null;
  /** Kubernetes minor, e.g. "1.29". */
  kubernetesVersion: string | null;
  platformVersion: string | null;
  /** Control-plane log types that are enabled ("api", "audit", "authenticator", …). */
  enabledLogTypes: string[];
  /** EKS Auto Mode (computeConfig.enabled): networking is managed by EKS, no vpc-cni add-on. */
  autoMode: boolean;
  tags: Record<string, string>;
  addons: AddonSnapshot[];
  /** Per tracked add-on: versions EKS offers for this cluster's Kubernetes version. */
  addonVersions: Record<string, AddonVersionInfo>;
  /** Pod Identity associations for kube-system/aws-node. */
  podIdentityAssociations: PodIdentitySnapshot[];
  insights: InsightSnapshot[];
  /** Node roles of managed node groups and of Auto Mode. */
  nodeRoleArns: string[];
  /** The IAM roles the VPC CNI's AWS calls come from (see cni-roles.ts). */
  cniRoles: CniRole[];
  /** DescribeCluster kubernetesNetworkConfig.ipFamily; absent in version 1 snapshots. */
  ipFamily?: IpFamily | null;
  /**
   * iam:SimulatePrincipalPolicy of each CNI role for every EC2 action the CNI calls
   * (permissions/model.ts). null or absent: not simulated (a version 1 snapshot, or no IAM client).
   */
  cniPermissions?: RolePermissions[] | null;
  /**
   * The subscription filters of /aws/eks/<cluster>/cluster (DescribeSubscriptionFilters), read when
   * audit logging is on; null or absent: not read (no CloudWatch Logs client, an older snapshot).
   */
  auditSubscription?: { filters: Array<{ filterName: string; destinationArn: string | null }> } | null;
  /** Optional reads that failed without making the cluster unreadable (insights, node groups…). */
  partialErrors: { operation: string; error: string }[];
  // Optional: snapshots saved before these were read load without them.
  /** DescribeCluster upgradePolicy.supportType: "STANDARD" (auto-upgraded at the end of standard support) or "EXTENDED". */
  supportType?: string | null;
  /** DescribeClusterVersions for this cluster's Kubernetes version. */
  kubernetesSupport?: KubernetesSupport | null;
  /**
   * cninodes-forbidden events the auditor recorded for this cluster (the windows in its table,
   * shared/store/cninodes-denials.ts; 0: none recorded). null or absent: not known (the CLI has
   * no table; the table was not readable).
   */
  cninodesForbiddenDenials?: number | null;
}

/** EKS support of one Kubernetes version (DescribeClusterVersions), and the next minor EKS offers. */
export interface KubernetesSupport {
  /** versionStatus: "STANDARD_SUPPORT", "EXTENDED_SUPPORT" or "UNSUPPORTED". */
  status: string | null;
  endOfStandardSupport: string | null;
  endOfExtendedSupport: string | null;
  /** The next minor version EKS lists as supported in the region (the only upgrade step), or null. */
  nextVersion: string | null;
  /** The oldest version EKS still supports: where clusters on ended versions get auto-upgraded to. */
  oldestSupportedVersion: string | null;
}

export interface AddonSnapshot {
  name: string;
  version: string | null;
  status: string | null;
  health: AddonHealthIssue[];
  serviceAccountRoleArn: string | null;
  /** DescribeAddon lists association ARNs (strings), not {serviceAccount, roleArn} objects. */
  podIdentityAssociationArns: string[];
  /** The JSON *string* the add-on was configured with, as EKS returns it. */
  configurationValues: string | null;
  owner: string | null;
  publisher: string | null;
  modifiedAt: string | null;
}

export interface AddonHealthIssue {
  code: string;
  message: string;
  resourceIds: string[];
}

export interface AddonVersionInfo {
  /** The version EKS installs by default for this Kubernetes version. */
  defaultVersion: string | null;
  /** The newest version compatible with this Kubernetes version. */
  latestVersion: string | null;
  /** The oldest version compatible with this Kubernetes version (absent in older snapshots). */
  oldestVersion?: string | null;
}

export interface PodIdentitySnapshot {
  associationId: string;
  associationArn: string | null;
  namespace: string;
  serviceAccount: string;
  roleArn: string | null;
  /** Set when an add-on owns the association. */
  ownerArn: string | null;
}

export interface InsightSnapshot {
  id: string;
  name: string;
  category: string | null;
  kubernetesVersion: string | null;
  status: string | null;
  reason: string | null;
  description: string | null;
  lastRefreshTime: string | null;
}

export type CniRoleSource = "addon-service-account" | "pod-identity" | "node-role";

export interface CniRole {
  arn: string;
  via: CniRoleSource;
}

/**
 * The IP families aws-node runs with: DescribeCluster's ipFamily, else the add-on's
 * ENABLE_IPv6; unknown reads as IPv4 (the default of every cluster).
 */
export function clusterIpFamilies(c: ClusterSnapshot): IpFamily[] {
  if (c.ipFamily === "ipv6" || c.ipFamily === "ipv4") return [c.ipFamily];
  const cni = findAddon(c, "vpc-cni");
  return featuresFromConfiguration(cni?.configurationValues).features.includes("ipv6") ? ["ipv6"] : ["ipv4"];
}

export function findAddon(cluster: ClusterSnapshot, name: string): AddonSnapshot | undefined {
  return cluster.addons.find((a) => a.name === name);
}

/** A stable display/sort key: account/region/cluster. */
export function clusterKey(c: { account: string | null; region: string; name: string }): string {
  return `${c.account ?? "-"}/${c.region}/${c.name}`;
}
