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
