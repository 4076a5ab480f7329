// The fleet report's one write to the dedup table: the CNI roles it found (fleet-roles.ts).
import { PutItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { fleetRolesItem, type FleetRoles } from "./fleet-roles.ts";

/** Stores the roles unless a newer report already did (runs can overlap on retries). */
export async function writeFleetCniRoles(client: DynamoDBClient, table: string, f: FleetRoles): Promise<void> {
  try {
    await client.send(
      new PutItemCommand({
        TableName: table,
        Item: fleetRolesItem(f),
        ConditionExpression: "attribute_not_exists(pk) OR takenAtMs <= :t",
        ExpressionAttributeValues: { ":t": { N: String(f.takenAtMs) } },
      }),
    );
  } catch (e) {
    if ((e as { name?: string }).name !== "ConditionalCheckFailedException") throw e;
  }
}

/**
 * The fleet functions' `publishCniRoles` (scheduled/run.ts): everything the event functions take
 * from a snapshot, in the one item. Fleet Lambdas use this rather than their own arrow, so a fact
 * added to the item reaches them all.
 */
export function fleetKnowledgePublisher(
  client: DynamoDBClient,
  table: string,
): (roles: string[], takenAtMs: number, permissions?: FleetRoles["permissions"], podIdentity?: FleetRoles["podIdentity"]) => Promise<void> {
  return (roles, takenAtMs, permissions, podIdentity) =>
    writeFleetCniRoles(client, table, { roles, takenAtMs, ...(permissions ? { permissions } : {}), ...(podIdentity ? { podIdentity } : {}) });
}
