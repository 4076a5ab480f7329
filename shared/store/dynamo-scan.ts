// Listing what may owe a report, for the sweep only: a filtered Scan. The table holds one head
// per active key plus rare archives, so at this scale it is cheaper than a GSI that infra would
// have to own. In its own file so that the event functions, which read windows by key, neither
// bundle it nor hold dynamodb:Scan (infra/permissions.ts).
import { ScanCommand, type AttributeValue } from "@aws-sdk/client-dynamodb";
import type { DynamoIo } from "./dynamo-io.ts";
import type { Item } from "./dynamo-items.ts";

export async function scanOwed(io: DynamoIo): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const out = await io.call("Scan", () =>
      io.client.send(
        new ScanCommand({
          TableName: io.table,
          FilterExpression: "attribute_exists(owed)",
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      ),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}
