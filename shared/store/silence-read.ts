// Read-only access to the stack's silences (the fleet report): one GetItem and one BatchGetItem,
// so the fleet function needs read actions only (silence-store.ts writes them).
import { BatchGetItemCommand, GetItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SilenceRecord } from "../routing/silence-summary.ts";
import { parseTally, REGISTRY_PK, tallyPk, type Tally } from "./silence-store.ts";

export async function readSilences(client: DynamoDBClient, table: string): Promise<{ silences: SilenceRecord[]; tallies: Map<string, Tally> }> {
  const reg = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: REGISTRY_PK } }, ConsistentRead: true }));
  const silences = reg.Item?.doc?.S ? (JSON.parse(reg.Item.doc.S) as SilenceRecord[]) : [];
  const tallies = new Map<string, Tally>();
  const ids = silences.map((s) => s.id).slice(0, 100);
  if (ids.length === 0) return { silences, tallies };
  const out = await client.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: ids.map((id) => ({ pk: { S: tallyPk(id) } })) } } }));
  for (const item of out.Responses?.[table] ?? []) {
    const id = (item.pk?.S ?? "").slice("silence-tally#".length);
    const t = parseTally(id, item);
    if (t) tallies.set(id, t);
  }
  return { silences, tallies };
}
