// The dispatcher's one write of a fan-out run (run-store-dynamo.ts reads and updates it): apart,
// so that the dispatching function's code reaches PutItem only (its IAM statement says so).
import { PutItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { RunStore } from "./run-store.ts";

export const runKey = (runId: string) => ({ pk: { S: `fleet-run#${runId}` } });
const pk = runKey;

export function dynamoRunCreator(client: DynamoDBClient, table: string): Pick<RunStore, "create"> {
  return {
    async create(run, expiresAtMs) {
      await client.send(
        new PutItemCommand({
          TableName: table,
          Item: {
            ...pk(run.runId),
            takenAt: { S: run.takenAt },
            scope: { S: JSON.stringify(run.scope) },
            partitions: { S: JSON.stringify(run.partitions) },
            expected: { N: String(run.partitions.length) },
            expiresAt: { N: String(Math.floor(expiresAtMs / 1000)) },
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    },
  };
}
