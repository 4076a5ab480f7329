// Plans an upgrade for every selected cluster of a snapshot: pure, from the snapshot alone.
import { compareAddonVersions, type KnownIssue } from "../catalog/index.ts";
import { SEVERITIES, compareSeverity, type Severity } from "../core/severity.ts";
import { findAddon, type ClusterSnapshot, type FleetSnapshot } from "../fleet/snapshot.ts";
import { networkingMode, describeNetworking } from "../fleet/networking.ts";
import { commandLine } from "../render/shell.ts";
import { offeredBuilds } from "./builds.ts";
import { offeredCommand, planCommands } from "./commands.ts";
import { planCompanions } from "./companions.ts";
import { clusterFeatures, issueFindings, permissionFindings, requirementFindings } from "./findings.ts";
import { PLAN_SCHEMA, PLAN_SCHEMA_VERSION, type ClusterPlan, type FleetPlan, type PlanFinding, type PlanRequest, type PlanStep } from "./model.ts";
import { planPath } from "./path.ts";

function skipped(c: ClusterSnapshot, req: PlanRequest, why: string): ClusterPlan {
  return {
    account: c.account, region: c.region, name: c.name,
    kubernetesVersion: c.kubernetesVersion, targetKubernetesVersion: req.kubernetes ?? c.kubernetesVersion,
    currentVersion: findAddon(c, "vpc-cni")?.version ?? null, targetVersion: null,
    skipped: why, path: [], findings: [], companions: [], commands: [], worstSeverity: null,
  };
}

const bySeverity = (a: PlanFinding, b: PlanFinding) => compareSeverity(a.severity, b.severity);

export function planCluster(snapshot: FleetSnapshot, c: ClusterSnapshot, req: PlanRequest): ClusterPlan {
  const cni = findAddon(c, "vpc-cni");
  if (!cni) return skipped(c, req, `not planned: ${describeNetworking(networkingMode(c))}, no vpc-cni add-on to update`);
  if (!cni.version) return skipped(c, req, "not planned: the vpc-cni add-on has no version");
  const kTo = req.kubernetes ?? c.kubernetesVersion;
  const path = planPath(snapshot, c, req);
  const features = clusterFeatures(c);
  const findings: PlanFinding[] = [...path.findings];
  const target = path.target;
  const installs = path.steps.filter((s) => s.kind === "addon").map((s) => s.to);
  const ends = target ?? cni.version;

  // A fixed build of the same minor, offered here, for issues the plan's versions hit.
  const offered = offeredBuilds(snapshot, c, "vpc-cni", kTo);
  const better = (e: KnownIssue): string | null => {
    if (!e.fixedIn || !target) return null;
    const fixed = e.fixedIn;
    return [...offered.versions].reverse().find((v) => compareAddonVersions(v, fixed) >= 0 && compareAddonVersions(v, target) > 0 && v.split(".")[1] === target.split(".")[1]) ?? null;
  };
  findings.push(...issueFindings(cni.version, installs, features, better));
  const perms = permissionFindings(c, installs.length > 0 ? installs : [ends]);
  findings.push(...perms.findings);
  if (target) findings.push(...requirementFindings(cni.version, target, features, perms.known));
  const companions = planCompanions(snapshot, c, ends, features, kTo);
  findings.push(...companions.findings);

  const grants: PlanStep[] = [...new Set(perms.missing.map((m) => m.roleArn))].map((roleArn) => {
    const mine = perms.missing.filter((m) => m.roleArn === roleArn);
    return { kind: "permissions", subject: roleArn, from: null, to: `allow ${[...new Set(mine.map((m) => m.action))].join(", ")}`, reason: `denied by ${[...new Set(mine.map((m) => m.deniedBy))].join(", ")}` };
  });
  const steps = [...grants, ...companions.steps, ...path.steps];
  const commands = target ? planCommands(c, steps, perms.missing, companions.crds) : [offeredCommand(c, kTo)];
  findings.sort(bySeverity);
  return {
    account: c.account, region: c.region, name: c.name,
    kubernetesVersion: c.kubernetesVersion, targetKubernetesVersion: kTo,
    currentVersion: cni.version, targetVersion: target,
    skipped: null,
    path: steps,
    findings,
    companions: companions.companions,
    commands: commands.map(commandLine),
    worstSeverity: findings[0]?.severity ?? null,
  };
}

/** Clusters named in the request, or all; names not in the snapshot are the caller's usage error. */
export function selectClusters(snapshot: FleetSnapshot, names: readonly string[]): { clusters: ClusterSnapshot[]; unknown: string[] } {
  if (names.length === 0) return { clusters: snapshot.clusters, unknown: [] };
  return {
    clusters: snapshot.clusters.filter((c) => names.includes(c.name)),
    unknown: names.filter((n) => !snapshot.clusters.some((c) => c.name === n)),
  };
}

export function planFleet(snapshot: FleetSnapshot, req: PlanRequest): FleetPlan {
  const clusters = selectClusters(snapshot, req.clusters).clusters.map((c) => planCluster(snapshot, c, req));
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const p of clusters) for (const f of p.findings) counts[f.severity]++;
  return {
    schema: PLAN_SCHEMA,
    schemaVersion: PLAN_SCHEMA_VERSION,
    snapshotTakenAt: snapshot.takenAt,
    request: req,
    clusters,
    summary: { clusters: clusters.length, planned: clusters.filter((p) => !p.skipped).length, findings: Object.values(counts).reduce((a, b) => a + b, 0), bySeverity: counts },
  };
}
