// The IAM roles the last fleet report saw the VPC CNI use, kept in the dedup table so the
// event Lambdas can attribute a denied EC2 call to the CNI even when its user agent does not
// say so (CNI v1.19.4–v1.21.1 send none). The fleet report writes it (fleet-roles-write.ts);
// the event Lambdas read it through the store's own I/O.
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { DynamoIo } from "./dynamo-io.ts";

export const FLEET_ROLES_PK = "fleet#cni-roles";

export interface FleetRoles {
  roles: string[];
  takenAtMs: number;
}

/** The item: roles as a JSON string (a string set cannot be empty), and when they were read. */
export function fleetRolesItem(f: FleetRoles): Record<string, AttributeValue> {
  return { pk: { S: FLEET_ROLES_PK }, roles: { S: JSON.stringify(f.roles) }, takenAtMs: { N: String(f.takenAtMs) } };
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
  return { roles, takenAtMs: Number(item?.takenAtMs?.N ?? 0) };
}

/** The roles the last fleet report stored, or none. */
export async function readFleetCniRoles(io: Pick<DynamoIo, "get">): Promise<string[]> {
  return parseFleetRoles(await io.get(FLEET_ROLES_PK))?.roles ?? [];
}
