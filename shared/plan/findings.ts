// What the versions a plan passes through hit on this cluster: catalog issues under the
// cluster's configuration, requirements the upgrade newly crosses, and the EC2 actions those
// versions need that IAM's simulator says the CNI role is denied.
import { featuresFromConfiguration, inVersionRange, knownIssuesFor, requirementsFor, type IpFamily, type KnownIssue } from "../catalog/index.ts";
import { awsNodeUsesPodIdentity } from "../fleet/check.ts";
import { catalogImpact, consequence } from "../fleet/permissions/consequence.ts";
import { SIMULATION_SCOPE } from "../fleet/permissions/model.ts";
import { deniedByText, permissionVerdict, type MissingPermission } from "../fleet/permissions/verdict.ts";
import { clusterIpFamilies, findAddon, type ClusterSnapshot } from "../fleet/snapshot.ts";
import type { PlanFinding } from "./model.ts";

const ONE_MINOR = "vpc-cni-one-minor-at-a-time";
const IAM_POLICY_DOC = "https://github.com/aws/amazon-vpc-cni-k8s/blob/master/docs/iam-policy.md";

const sentence = (s: string | null | undefined): string => (!s ? "" : /[.!?]$/.test(s) ? s : `${s}.`);

/** The features the catalog's conditions read, for this cluster (configuration, Pod Identity, IP family). */
export function clusterFeatures(c: ClusterSnapshot): string[] {
  const parsed = featuresFromConfiguration(findAddon(c, "vpc-cni")?.configurationValues);
  const out = new Set<string>(parsed.features);
  if (awsNodeUsesPodIdentity(c)) out.add("pod-identity");
  if (clusterIpFamilies(c).includes("ipv6")) out.add("ipv6");
  return [...out];
}

function fromEntry(e: KnownIssue, version: string, kind: PlanFinding["kind"], severity = e.severity): PlanFinding {
  const only = e.condition ? ` Only if ${e.condition}: the snapshot cannot show it.` : "";
  return { id: e.id, kind, severity, title: e.title, detail: `${e.impact} ${e.fix}${only}`, version, references: e.references };
}

/**
 * Issues of every version the plan installs (each once, at the first version that hits it).
 * Issues with a condition the snapshot cannot show are listed only when the upgrade brings
 * them (the current version does not already have them).
 */
export function issueFindings(current: string, versions: readonly string[], features: readonly string[], betterBuild: (e: KnownIssue) => string | null): PlanFinding[] {
  const out = new Map<string, PlanFinding>();
  const already = new Set(knownIssuesFor("vpc-cni", current, features, { includeConditional: true }).map((e) => e.id));
  for (const v of versions) {
    for (const e of knownIssuesFor("vpc-cni", v, features, { includeConditional: true })) {
      if (out.has(e.id) || (e.condition && already.has(e.id))) continue;
      // What the snapshot cannot show is reported, at most medium.
      const f = fromEntry(e, v, "known-issue", e.condition && e.severity !== "low" && e.severity !== "info" ? "medium" : e.severity);
      const better = betterBuild(e);
      if (better) f.detail += ` ${better} is offered for this cluster and is not affected: plan with --to ${better}.`;
      out.set(e.id, f);
    }
  }
  return [...out.values()];
}

/** Requirements of the target that the current version did not have (IAM ones only while permissions are unknown). */
export function requirementFindings(current: string, target: string, features: readonly string[], permissionsKnown: boolean): PlanFinding[] {
  return requirementsFor("vpc-cni", target, features)
    .filter((e) => e.id !== ONE_MINOR && !inVersionRange(current, e.from, e.toExclusive) && !(permissionsKnown && e.iamAction))
    .map((e) => {
      const f = fromEntry(e, target, "requirement", e.detectable ? e.severity : "low");
      if (e.iamAction) f.detail += " The CNI role's permissions were not simulated, so this is not checked.";
      return f;
    });
}

export interface PermissionFindings {
  findings: PlanFinding[];
  /** Denials to fix before the upgrade (every step's, unique per role and action). */
  missing: MissingPermission[];
  known: boolean;
}

/** The permission verdict of every version the plan installs. */
export function permissionFindings(c: ClusterSnapshot, versions: readonly string[]): PermissionFindings {
  const families: IpFamily[] = clusterIpFamilies(c);
  const seen = new Map<string, { m: MissingPermission; version: string }>();
  const reasons = new Set<string>();
  let unknown = versions.length > 0;
  for (const v of versions) {
    const verdict = permissionVerdict(c.cniPermissions, v, families);
    if (verdict.state !== "unknown") unknown = false;
    if (verdict.state === "unchecked") for (const r of verdict.reasons) reasons.add(r);
    if (verdict.state !== "missing") continue;
    for (const m of verdict.missing) {
      const key = `${m.roleArn}|${m.action}`;
      const had = seen.get(key);
      // Keep the first version that needs it, unless a later one makes the denial blocking.
      if (!had || (!had.m.blocking && m.blocking)) seen.set(key, { m, version: v });
    }
  }
  const findings: PlanFinding[] = [...seen.values()].map(({ m, version }) => ({
    id: "plan/missing-permission",
    kind: "permission",
    severity: m.blocking ? "critical" : "high",
    title: `The CNI role lacks ${m.action}, which ${version} needs: ${consequence(m.action, version, families, m.blocking)}`,
    detail: `${m.roleArn} (${m.via}) is denied ${m.action} by ${deniedByText(m.deniedBy)}. ${sentence(catalogImpact(m.action, version) ?? m.note)} ${SIMULATION_SCOPE}`.replace(/\s+/g, " ").trim(),
    version,
    references: [IAM_POLICY_DOC],
  }));
  if (reasons.size > 0) {
    findings.push({
      id: "plan/permissions-not-checked",
      kind: "unchecked",
      severity: "low",
      title: "Some CNI role permissions could not be simulated",
      detail: `${[...reasons].join("; ")}. The auditor's role needs iam:SimulatePrincipalPolicy on the account's roles.`,
      version: null,
      references: [IAM_POLICY_DOC],
    });
  }
  if (unknown) {
    findings.push({
      id: "plan/permissions-not-checked",
      kind: "unchecked",
      severity: "info",
      title: "The CNI role's permissions were not checked",
      detail: "The snapshot has no IAM simulation of the CNI role (an older snapshot, or no role to simulate): take a new one with cni-auditor fleet --save-snapshot (the auditor needs iam:SimulatePrincipalPolicy).",
      version: null,
      references: [IAM_POLICY_DOC],
    });
  }
  return { findings, missing: [...seen.values()].map((x) => x.m), known: !unknown };
}
