// The fan-out run's state in the dedup table (one item per run, `pk` fleet-run#<id>, gone by TTL):
// the partitions as JSON, the done partitions as a string set (ADD is idempotent, so a
// redelivered partition counts once; at most a few hundred short keys), the merge lease and the
// merged mark, both conditional writes.
import { GetItemCommand, UpdateItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { dynamoRunCreator, runKey as pk } from "./run-create-dynamo.ts";
import type { RunRecord, RunStore } from "./run-store.ts";

const conditionFailed = (e: unknown): boolean => (e as { name?: string }).name === "ConditionalCheckFailedException";

export function dynamoRunStore(client: DynamoDBClient, table: string): RunStore {
  return {
    create: dynamoRunCreator(client, table).create,
    async get(runId) {
      const out = await client.send(new GetItemCommand({ TableName: table, Key: pk(runId), ConsistentRead: true }));
      const i = out.Item;
      if (!i) return null;
      return {
        runId,
        takenAt: i.takenAt?.S ?? "",
        scope: JSON.parse(i.scope?.S ?? "{}") as RunRecord["scope"],
        partitions: JSON.parse(i.partitions?.S ?? "[]") as RunRecord["partitions"],
        done: [...(i.done?.SS ?? [])].sort(),
        merged: i.mergedAt?.N !== undefined,
      };
    },
    async markDone(runId, key) {
      const out = await client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: pk(runId),
          UpdateExpression: "ADD done :k",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeValues: { ":k": { SS: [key] } },
          ReturnValues: "ALL_NEW",
        }),
      );
      return { done: out.Attributes?.done?.SS?.length ?? 0, expected: Number(out.Attributes?.expected?.N ?? 0) };
    },
    async claimMerge(runId, nowMs, leaseMs) {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: pk(runId),
            UpdateExpression: "SET mergeLease = :until",
            ConditionExpression:
              "attribute_exists(pk) AND attribute_not_exists(mergedAt) AND (attribute_not_exists(mergeLease) OR mergeLease < :now)",
            ExpressionAttributeValues: { ":until": { N: String(nowMs + leaseMs) }, ":now": { N: String(nowMs) } },
          }),
        );
        return true;
      } catch (e) {
        if (conditionFailed(e)) return false;
        throw e;
      }
    },
    async finishMerge(runId, nowMs) {
      await client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: pk(runId),
          UpdateExpression: "SET mergedAt = :t",
          ExpressionAttributeValues: { ":t": { N: String(nowMs) } },
        }),
      );
    },
  };
}
