// The IAM roles the last fleet report saw the VPC CNI use, kept in the dedup table so the
// event Lambdas can attribute a denied EC2 call to the CNI even when its user agent does not
// say so (CNI v1.19.4–v1.21.1 send none). The fleet report writes it (fleet-roles-write.ts);
// the event Lambdas read it through the store's own I/O.
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { parseKnownPermissions, type KnownClusterPermissions } from "../fleet/permissions/known.ts";
import { parseStoredPodIdentity, storedPodIdentity, type KnownPodIdentity } from "../fleet/pod-identity-known.ts";
import type { DynamoIo } from "./dynamo-io.ts";

export const FLEET_ROLES_PK = "fleet#cni-roles";

export interface FleetRoles {
  roles: string[];
  takenAtMs: number;
  /** What IAM's simulation proved per cluster (addon-version-changed reads it); absent: not checked. */
  permissions?: KnownClusterPermissions[];
  /** Where aws-node has a Pod Identity association (credentials-denied reads it); absent: not known. */
  podIdentity?: KnownPodIdentity;
}

/** Permissions bigger than this stay out of the item (DynamoDB items are at most 400 KB): "not checked". */
const PERMISSIONS_MAX_CHARS = 300_000;
/** Past this the Pod Identity clusters stay out too (about 2,000 clusters): their failures read as info. */
const POD_IDENTITY_MAX_CHARS = 80_000;

/** The item: roles as a JSON string (a string set cannot be empty), and when they were read. */
export function fleetRolesItem(f: FleetRoles): Record<string, AttributeValue> {
  const permissions = f.permissions ? JSON.stringify(f.permissions) : null;
  const podIdentity = f.podIdentity ? JSON.stringify(storedPodIdentity(f.podIdentity)) : null;
  return {
    pk: { S: FLEET_ROLES_PK },
    roles: { S: JSON.stringify(f.roles) },
    takenAtMs: { N: String(f.takenAtMs) },
    ...(permissions !== null && permissions.length <= PERMISSIONS_MAX_CHARS ? { permissions: { S: permissions } } : {}),
    ...(podIdentity !== null && podIdentity.length <= POD_IDENTITY_MAX_CHARS ? { podIdentity: { S: podIdentity } } : {}),
  };
}

export function parseFleetRoles(item: Record<string, AttributeValue> | undefined): FleetRoles | undefined {
  const raw = item?.roles?.S;
  if (raw === undefined) return undefined;
  let roles: unknown;
  try {
    roles = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!Array.isArray(roles) || !roles.every((r) => typeof r === "string")) return undefined;
  const takenAtMs = Number(item?.takenAtMs?.N ?? 0);
  const podIdentity = parsePodIdentity(item?.podIdentity?.S, takenAtMs);
  return { roles, takenAtMs, permissions: parsePermissions(item?.permissions?.S), ...(podIdentity ? { podIdentity } : {}) };
}

function parsePodIdentity(raw: string | undefined, takenAtMs: number): KnownPodIdentity | undefined {
  if (raw === undefined) return undefined;
  try {
    return parseStoredPodIdentity(JSON.parse(raw), takenAtMs);
  } catch {
    return undefined;
  }
}

function parsePermissions(raw: string | undefined): KnownClusterPermissions[] {
  if (raw === undefined) return [];
  try {
    return parseKnownPermissions(JSON.parse(raw));
  } catch {
    return [];
  }
}

/** What the event functions take from the fleet item. */
export interface FleetKnowledge {
  roles: string[];
  permissions: KnownClusterPermissions[];
  podIdentity?: KnownPodIdentity;
}

/** The roles, permissions and Pod Identity clusters the last fleet report stored, or none. */
export async function readFleetKnowledge(io: Pick<DynamoIo, "get">): Promise<FleetKnowledge> {
  const f = parseFleetRoles(await io.get(FLEET_ROLES_PK));
  return { roles: f?.roles ?? [], permissions: f?.permissions ?? [], ...(f?.podIdentity ? { podIdentity: f.podIdentity } : {}) };
}

/** The roles the last fleet report stored, or none. */
export async function readFleetCniRoles(io: Pick<DynamoIo, "get">): Promise<string[]> {
  return parseFleetRoles(await io.get(FLEET_ROLES_PK))?.roles ?? [];
}
