// The fleet report as data (report.json): the findings of one snapshot, a row per cluster,
// fleet-wide counts, and what changed since the previous report. The Markdown and HTML
// renderers read only this, so a stored report.json can be rendered again.
import type { ReportedSilence } from "../../routing/fleet-silences.ts";
import { SEVERITIES, type Severity } from "../../core/severity.ts";
import type { Alert } from "../../types.ts";
import { clusterFeatures } from "../cluster-features.ts";
import { permissionVerdict } from "../permissions/verdict.ts";
import { clusterIpFamilies, findAddon, type FleetScope, type FleetSnapshot, type ReadFailure } from "../snapshot.ts";
import { describeNetworking, networkingMode, type NetworkingMode } from "../networking.ts";
import { compareFindings } from "../evaluate.ts";
import { compareOrNull } from "../versions.ts";
import { newerThanReviewed } from "../../catalog/index.ts";
import { diffFindings, type FindingChanges } from "./diff.ts";

export const REPORT_SCHEMA = "cni-auditor/fleet-report";
export const REPORT_SCHEMA_VERSION = 1;

/** "not-reviewed": newer than the catalog's review, so its known issues are unknown. */
export type VersionHealth = "ok" | "not-reviewed" | "behind" | "at-risk";

export interface ClusterRow {
  account: string | null;
  region: string;
  name: string;
  kubernetesVersion: string | null;
  platformVersion: string | null;
  networking: NetworkingMode["kind"];
  networkingLabel: string;
  vpcCniVersion: string | null;
  vpcCniStatus: string | null;
  defaultVersion: string | null;
  latestVersion: string | null;
  podIdentityAgentVersion: string | null;
  /** How aws-node gets AWS credentials: "IRSA", "Pod Identity", "IRSA + Pod Identity", "node role", or null. */
  cniIdentity: string | null;
  cniRoleArns: string[];
  auditLogging: boolean;
  /** The CNI role simulation against the running version's needs (absent in older reports). */
  cniPermissions?: PermissionSummary;
  findings: number;
  worstSeverity: Severity | null;
  /** Optional reads that failed (the row is incomplete). */
  partialErrors: string[];
}

export interface PermissionSummary {
  /** ok: all allowed; missing: some needed action denied; unchecked: could not simulate; unknown: not simulated. */
  state: "ok" | "missing" | "unchecked" | "unknown";
  missing: string[];
  blocking: string[];
}

function permissionSummary(c: FleetSnapshot["clusters"][number], version: string | null): PermissionSummary {
  const v = permissionVerdict(c.cniPermissions, version, clusterIpFamilies(c), { subnetDiscoveryOff: clusterFeatures(c).features.includes("subnet-discovery-off") });
  const missing = v.state === "missing" ? [...new Set(v.missing.map((m) => m.action))] : [];
  const blocking = v.state === "missing" ? [...new Set(v.missing.filter((m) => m.blocking).map((m) => m.action))] : [];
  return { state: v.state, missing, blocking };
}

export interface VersionCount {
  /** An add-on version, or a label for clusters without the add-on ("self-managed", …). */
  version: string;
  clusters: number;
  health: VersionHealth | "not-an-addon";
}

export interface FleetReport {
  schema: typeof REPORT_SCHEMA;
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  generatedAt: string;
  scope: FleetScope;
  summary: {
    clusters: number;
    regions: number;
    accounts: number;
    failedClusters: number;
    failedTargets: number;
    findings: number;
    clustersWithFindings: number;
    bySeverity: Record<Severity, number>;
    byRule: Record<string, number>;
    vpcCniVersions: VersionCount[];
  };
  clusters: ClusterRow[];
  failures: ReadFailure[];
  findings: Alert[];
  /** null when no previous report was given. */
  changes: FindingChanges | null;
  /** Active silences and what they held back (absent: none were read, e.g. the CLI). */
  silences?: ReportedSilence[];
}

const AT_RISK_RULES = new Set(["fleet/known-issue", "fleet/below-oldest-recommended", "fleet/pod-identity-cni-too-old"]);

export function buildFleetReport(snapshot: FleetSnapshot, findings: readonly Alert[], previous: FleetReport | null): FleetReport {
  const sorted = [...findings].sort(compareFindings);
  const byCluster = new Map<string, Alert[]>();
  for (const f of sorted) {
    const k = `${f.account}|${f.region}|${f.cluster}`;
    byCluster.set(k, [...(byCluster.get(k) ?? []), f]);
  }
  const rows: ClusterRow[] = snapshot.clusters.map((c) => {
    const mine = byCluster.get(`${c.account}|${c.region}|${c.name}`) ?? [];
    const cni = findAddon(c, "vpc-cni");
    const mode = networkingMode(c);
    const runsVpcCni = mode.kind === "vpc-cni-addon" || mode.kind === "vpc-cni-self-managed";
    const via = new Set(c.cniRoles.map((r) => r.via));
    const identity = [via.has("addon-service-account") ? "IRSA" : null, via.has("pod-identity") ? "Pod Identity" : null].filter(Boolean).join(" + ");
    return {
      account: c.account,
      region: c.region,
      name: c.name,
      kubernetesVersion: c.kubernetesVersion,
      platformVersion: c.platformVersion,
      networking: mode.kind,
      networkingLabel: describeNetworking(mode),
      vpcCniVersion: cni?.version ?? null,
      vpcCniStatus: cni?.status ?? null,
      // The VPC CNI's versions mean nothing for Auto Mode or another CNI.
      defaultVersion: runsVpcCni ? (c.addonVersions["vpc-cni"]?.defaultVersion ?? null) : null,
      latestVersion: runsVpcCni ? (c.addonVersions["vpc-cni"]?.latestVersion ?? null) : null,
      podIdentityAgentVersion: findAddon(c, "eks-pod-identity-agent")?.version ?? null,
      // A self-managed aws-node may carry an IRSA annotation the EKS API cannot show.
      cniIdentity: identity || (via.has("node-role") ? (mode.kind === "vpc-cni-self-managed" ? "node role (unless IRSA is set on aws-node)" : "node role") : null),
      cniRoleArns: c.cniRoles.map((r) => r.arn),
      auditLogging: c.enabledLogTypes.includes("audit"),
      cniPermissions: permissionSummary(c, runsVpcCni ? (cni?.version ?? null) : null),
      findings: mine.length,
      worstSeverity: mine[0]?.severity ?? null,
      partialErrors: c.partialErrors.map((e) => `${e.operation}: ${e.error}`),
    };
  });

  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byRule: Record<string, number> = {};
  for (const f of sorted) {
    bySeverity[f.severity]++;
    byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  }
  const failedClusters = new Set(snapshot.failures.filter((f) => f.cluster !== null).map((f) => `${f.account}|${f.region}|${f.cluster}`));
  return {
    schema: REPORT_SCHEMA,
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: snapshot.takenAt,
    scope: snapshot.scope,
    summary: {
      clusters: rows.length,
      regions: new Set(rows.map((r) => r.region)).size,
      accounts: new Set(rows.map((r) => r.account ?? "-")).size,
      failedClusters: failedClusters.size,
      failedTargets: snapshot.failures.filter((f) => f.cluster === null).length,
      findings: sorted.length,
      clustersWithFindings: rows.filter((r) => r.findings > 0).length,
      bySeverity,
      byRule,
      vpcCniVersions: versionCounts(rows, sorted),
    },
    clusters: rows,
    failures: snapshot.failures,
    findings: sorted,
    changes: previous ? diffFindings(sorted, previous, snapshot.failures) : null,
  };
}

function versionCounts(rows: readonly ClusterRow[], findings: readonly Alert[]): VersionCount[] {
  const counts = new Map<string, { clusters: number; health: VersionHealth }>();
  const rank: Record<VersionHealth, number> = { ok: 0, "not-reviewed": 1, behind: 2, "at-risk": 3 };
  for (const r of rows) {
    if (!r.vpcCniVersion) continue;
    const rules = new Set(findings.filter((f) => f.cluster === r.name && f.region === r.region && f.account === r.account).map((f) => f.rule));
    const health: VersionHealth = [...rules].some((x) => AT_RISK_RULES.has(x))
      ? "at-risk"
      : rules.has("fleet/behind-default-version")
        ? "behind"
        : newerThanReviewed("vpc-cni", r.vpcCniVersion)
          ? "not-reviewed"
          : "ok";
    const cur = counts.get(r.vpcCniVersion) ?? { clusters: 0, health: "ok" };
    counts.set(r.vpcCniVersion, { clusters: cur.clusters + 1, health: rank[health] > rank[cur.health] ? health : cur.health });
  }
  const versions: VersionCount[] = [...counts.entries()]
    .map(([version, v]) => ({ version, ...v }))
    .sort((a, b) => compareOrNull(b.version, a.version) ?? b.version.localeCompare(a.version));
  const other = new Map<string, number>();
  for (const r of rows) if (!r.vpcCniVersion) other.set(r.networkingLabel, (other.get(r.networkingLabel) ?? 0) + 1);
  for (const [label, n] of [...other.entries()].sort()) versions.push({ version: label, clusters: n, health: "not-an-addon" });
  return versions;
}
