// What a version needs that a cluster's CNI roles are denied: the one reading of simulation
// results shared by the fleet check, the upgrade plan, the report and the event alerts.
import type { IpFamily } from "../../catalog/index.ts";
import type { ActionDecision, DeniedBy, RolePermissions } from "./model.ts";
import { requiredActions, type NeedOptions, type RequiredAction } from "./required.ts";

export interface MissingPermission extends RequiredAction {
  roleArn: string;
  via: string;
  decision: ActionDecision["decision"];
  deniedBy: DeniedBy;
  resource: string;
  matchedStatements: ActionDecision["matchedStatements"];
  missingContextValues: string[];
}

export type PermissionVerdict =
  /** Simulated, and every needed action is allowed for every role. */
  | { state: "ok"; roles: string[] }
  | { state: "missing"; missing: MissingPermission[] }
  /** Some role could not be simulated (and nothing checked is missing). */
  | { state: "unchecked"; reasons: string[] }
  /** No simulation in the snapshot (older snapshot, or no role to simulate). */
  | { state: "unknown" };

/** The permissions `version` needs for `families`, against the simulated roles. */
export function permissionVerdict(
  perms: readonly RolePermissions[] | null | undefined,
  version: string | null,
  families: readonly IpFamily[],
  opts: NeedOptions = {},
): PermissionVerdict {
  if (!perms || perms.length === 0) return { state: "unknown" };
  const needed = requiredActions(version, families, opts);
  const missing: MissingPermission[] = [];
  const reasons: string[] = [];
  for (const role of perms) {
    if (role.status !== "checked") {
      reasons.push(`${role.roleArn}: ${role.status === "not-permitted" ? "not permitted to simulate" : "simulation failed"} (${role.error ?? "no detail"})`);
      continue;
    }
    for (const need of needed) {
      const d = role.results.find((r) => r.action === need.action);
      // An action the simulator did not answer for is not reported as missing: unknown is not denied.
      if (!d || d.decision === "allowed") continue;
      missing.push({
        ...need,
        roleArn: role.roleArn,
        via: role.via,
        decision: d.decision,
        deniedBy: d.deniedBy ?? "identity",
        resource: d.resource,
        matchedStatements: d.matchedStatements ?? [],
        missingContextValues: d.missingContextValues ?? [],
      });
    }
  }
  // Blocking denials first (stable: catalog order within each group).
  if (missing.length > 0) return { state: "missing", missing: missing.sort((a, b) => Number(b.blocking) - Number(a.blocking)) };
  if (reasons.length > 0) return { state: "unchecked", reasons };
  return { state: "ok", roles: perms.map((p) => p.roleArn) };
}

export function deniedByText(d: DeniedBy): string {
  if (d === "organizations") return "an SCP of the organization";
  if (d === "boundary") return "the role's permissions boundary";
  return "the role's policies";
}
