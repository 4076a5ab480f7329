// What the last fleet snapshot proved about each cluster's CNI roles, compact enough to ride in
// the event functions' config (CLI --snapshot, or the dedup table's fleet item): only the
// denials are kept; every other simulated action was allowed. The event rules read it here.
import type { IpFamily } from "../../catalog/index.ts";
import type { DeniedBy, RolePermissions, SimulationStatus } from "./model.ts";
import { SIMULATED_ACTIONS, type NeedOptions } from "./required.ts";
import { permissionVerdict, type PermissionVerdict } from "./verdict.ts";

export interface KnownRolePermissions {
  arn: string;
  via: string;
  status: SimulationStatus;
  denied: { action: string; deniedBy: DeniedBy }[];
}

export interface KnownClusterPermissions {
  account: string | null;
  region: string;
  cluster: string;
  ipFamilies: IpFamily[];
  /** The snapshot's time (ISO). */
  takenAt: string;
  roles: KnownRolePermissions[];
}

export function compactRoles(perms: readonly RolePermissions[]): KnownRolePermissions[] {
  return perms.map((p) => ({
    arn: p.roleArn,
    via: p.via,
    status: p.status,
    denied: p.results.filter((r) => r.decision !== "allowed").map((r) => ({ action: r.action, deniedBy: r.deniedBy ?? "identity" })),
  }));
}

function expand(k: KnownRolePermissions): RolePermissions {
  const denied = new Map(k.denied.map((d) => [d.action, d.deniedBy]));
  return {
    roleArn: k.arn,
    via: k.via,
    status: k.status,
    error: k.status === "checked" ? null : "not simulated",
    results: k.status !== "checked" ? [] : SIMULATED_ACTIONS.map((action) => {
      const by = denied.get(action) ?? null;
      return {
        action,
        resource: "*",
        decision: by === null ? "allowed" : "implicitDeny",
        deniedBy: by,
        matchedStatements: [],
        allowedByBoundary: null,
        allowedByOrganizations: null,
        missingContextValues: [],
      };
    }),
  };
}

/** The entry of the event's cluster (account unknown on either side matches). */
export function findKnown<K extends { account: string | null; region: string; cluster: string }>(
  known: readonly K[] | undefined,
  where: { account: string | null; region: string | null; cluster: string | null },
): K | undefined {
  if (!known || !where.cluster) return undefined;
  return known.find((k) => k.cluster === where.cluster && (where.region === null || k.region === where.region) && (k.account === null || where.account === null || k.account === where.account));
}

export function knownVerdict(k: KnownClusterPermissions, version: string, opts: NeedOptions = {}): PermissionVerdict {
  return permissionVerdict(k.roles.map(expand), version, k.ipFamilies, opts);
}

/** Reads the JSON form (the dedup table's item); anything unexpected is dropped, never trusted. */
export function parseKnownPermissions(v: unknown): KnownClusterPermissions[] {
  if (!Array.isArray(v)) return [];
  const str = (x: unknown): x is string => typeof x === "string";
  return v.filter(
    (k): k is KnownClusterPermissions =>
      !!k && typeof k === "object" && str(k.cluster) && str(k.region) && (k.account === null || str(k.account)) && str(k.takenAt) &&
      Array.isArray(k.ipFamilies) && k.ipFamilies.every((f: unknown) => f === "ipv4" || f === "ipv6") &&
      Array.isArray(k.roles) && k.roles.every((r: KnownRolePermissions) => r && str(r.arn) && str(r.via) && str(r.status) && Array.isArray(r.denied) && r.denied.every((d) => d && str(d.action) && str(d.deniedBy))),
  );
}
