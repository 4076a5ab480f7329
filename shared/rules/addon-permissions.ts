// addon-version-changed and the fleet's IAM proof: when the last fleet snapshot simulated the
// cluster's CNI role, the EC2 actions the new vpc-cni version needs and the role is denied
// become facts (and raise the severity: critical when the denial blocks on that version).
// Without a simulation for the cluster, the facts say the permissions were not checked.
import { entriesForDeniedAction } from "../catalog/index.ts";
import type { Severity } from "../core/severity.ts";
import { consequence } from "../fleet/permissions/consequence.ts";
import { grantCommand } from "../fleet/permissions/fix-text.ts";
import { findKnown, knownVerdict, type KnownClusterPermissions } from "../fleet/permissions/known.ts";
import { SIMULATION_SCOPE } from "../fleet/permissions/model.ts";
import { roleNameOf } from "../render/command-values.ts";
import type { Block, Inline } from "../render/remediation.ts";
import type { Facts } from "../types.ts";
import { block, code, join, md, str, strs, text } from "./text.ts";

export interface PermissionFacts {
  facts: Facts;
  severity: Severity | null;
  /** Catalog entries whose IAM requirement the simulation shows broken. */
  knownIssues: string[];
}

export function permissionFacts(
  known: readonly KnownClusterPermissions[] | undefined,
  where: { account: string | null; region: string | null; cluster: string | null },
  version: string,
): PermissionFacts {
  const k = findKnown(known, where);
  if (!k) return { facts: { permissionsChecked: false }, severity: null, knownIssues: [] };
  const v = knownVerdict(k, version);
  const base: Facts = { permissionsChecked: v.state === "ok" || v.state === "missing", permissionsCheckedAt: k.takenAt, ipFamilies: k.ipFamilies };
  if (v.state !== "missing") return { facts: { ...base, permissionVerdict: v.state }, severity: null, knownIssues: [] };
  const actions = [...new Set(v.missing.map((m) => m.action))];
  const blocking = [...new Set(v.missing.filter((m) => m.blocking).map((m) => m.action))];
  const first = v.missing[0]!;
  return {
    facts: {
      ...base,
      permissionVerdict: "missing",
      missingActions: actions,
      blockingActions: blocking,
      cniRoles: [...new Set(v.missing.map((m) => m.roleArn))],
      deniedBy: [...new Set(v.missing.map((m) => m.deniedBy))],
      permissionImpact: consequence(first.action, version, k.ipFamilies, first.blocking),
    },
    severity: blocking.length > 0 ? "critical" : "high",
    knownIssues: [...new Set(actions.flatMap((a) => entriesForDeniedAction("vpc-cni", version, a).map((e) => e.id)))],
  };
}

/** The "Permissions" section of the alert: what the role lacks and the grant, or why nothing was checked. */
export function permissionSection(f: Facts, to: string | null, where: { region: string | null }): Array<Inline | Block> | null {
  if (f.permissionsChecked === undefined) return null;
  const verdict = typeof f.permissionVerdict === "string" ? f.permissionVerdict : null;
  const at = typeof f.permissionsCheckedAt === "string" ? f.permissionsCheckedAt : "the last fleet snapshot";
  if (verdict === "missing") {
    const actions = strs(f, "missingActions");
    const roles = strs(f, "cniRoles");
    const deniedBy = strs(f, "deniedBy");
    const out: Array<Inline | Block> = [
      md`the CNI role lacks ${join(actions.map((a) => code(a)), ", ")}, which ${code(to ?? "the new version")} needs: ${text(str(f, "permissionImpact") ?? "aws-node's calls fail")} (IAM policy simulation, fleet snapshot of ${at}).`,
    ];
    if (deniedBy.includes("identity") && roles[0]) out.push(md`Grant them:`, block(grantCommand(roleNameOf(roles[0]), actions, where.region ?? "us-east-1")));
    if (deniedBy.includes("boundary")) out.push(text("The role's permissions boundary denies some of them: change the boundary policy, a grant on the role does not help."));
    if (deniedBy.includes("organizations")) out.push(text("A service control policy denies some of them: the organization's administrators must exempt the role."));
    out.push(text(SIMULATION_SCOPE));
    return out;
  }
  if (verdict === "ok") return [md`IAM's simulation of the CNI role (fleet snapshot of ${at}) allows every EC2 action ${code(to ?? "the new version")} needs. ${text(SIMULATION_SCOPE)}`];
  if (verdict === "unchecked") return [md`not checked: the fleet snapshot of ${at} could not simulate the CNI role (the auditor needs iam:SimulatePrincipalPolicy).`];
  return [text("not checked: no fleet snapshot with an IAM simulation of this cluster's CNI role (run the fleet report, or replay with --snapshot).")];
}
