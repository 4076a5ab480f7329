// What the auditor itself recorded of the VPC resource controller's cninodes 403s, for the fleet
// check fleet/cninodes-rbac-gap: the cninodes-forbidden rule's window heads (w#<dedupKey>), read
// with BatchGetItem for every cluster of a snapshot. The key is built by the rule's own dedupKey,
// so the format the store writes and the one read here cannot drift apart.
// Read actions only (no DynamoIo, which writes too): the fleet functions' policy stays BatchGetItem.
import { BatchGetItemCommand, type AttributeValue, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { awsErrorMessage } from "../core/aws-error.ts";
import { StoreError } from "../errors.ts";
import type { FleetSnapshot } from "../fleet/snapshot.ts";
import { dedupKey } from "../rules/predicates.ts";
import { headPk, parseHead, type Item } from "./dynamo-items.ts";

/** BatchGetItem's limit per call. */
const BATCH_GET_MAX = 100;
/** Rounds of UnprocessedKeys (throttling) before giving up: the count is then not known. */
const MAX_ROUNDS = 8;

type Where = { account: string | null; region: string; name: string };

/** The rule's dedup key for a cluster (account | region | cninodes-forbidden | cluster). */
export function cninodesDenialKey(c: Where): string {
  return dedupKey("cninodes-forbidden", { account: c.account, region: c.region, cluster: c.name }, c.name);
}

/** Events of the windows a head holds (the open one and closed ones still owed); 0 when expired. */
function headCount(key: string, item: Item | undefined, nowMs: number): number {
  if (!item) return 0;
  // DynamoDB deletes expired items late (up to days): an expired head is no denial any more.
  const exp = item.expiresAt?.N;
  if (exp !== undefined && Number(exp) * 1000 <= nowMs) return 0;
  const head = parseHead(key, item);
  if (!head) return 0;
  return [head.doc.current, ...head.doc.closed].reduce((n, w) => n + (Number.isFinite(w.alert.count) ? w.alert.count : 0), 0);
}

/**
 * Denials per cluster, keyed by cninodesDenialKey; a cluster without an item has 0. Throws
 * (StoreError) when the table cannot be read: the caller then knows nothing.
 */
export async function readCninodesDenials(
  client: DynamoDBClient,
  table: string,
  clusters: readonly Where[],
  nowMs: number,
  sleep: (ms: number) => Promise<void> = defaultSleep,
): Promise<Map<string, number>> {
  const keys = [...new Set(clusters.map(cninodesDenialKey))];
  const items = await batchGet(client, table, keys.map(headPk), sleep);
  return new Map(keys.map((k) => [k, headCount(k, items.get(headPk(k)), nowMs)]));
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** 100 keys per call; UnprocessedKeys retried with backoff; any failure is a StoreError. */
async function batchGet(client: DynamoDBClient, table: string, pks: string[], sleep: (ms: number) => Promise<void>): Promise<Map<string, Item>> {
  const found = new Map<string, Item>();
  for (let i = 0; i < pks.length; i += BATCH_GET_MAX) {
    let keys: Array<Record<string, AttributeValue>> = pks.slice(i, i + BATCH_GET_MAX).map((pk) => ({ pk: { S: pk } }));
    for (let round = 0; keys.length > 0; round++) {
      if (round >= MAX_ROUNDS) throw new StoreError(`DynamoDB BatchGetItem on ${table}: keys left unprocessed`);
      if (round > 0) await sleep(Math.min(1000, 25 * 2 ** round));
      let out;
      try {
        out = await client.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: keys } } }));
      } catch (e) {
        const name = (e as { name?: string }).name ?? "Error";
        throw new StoreError(`DynamoDB BatchGetItem on ${table} failed: ${name}: ${awsErrorMessage((e as Error).message)}`.trim(), { cause: e });
      }
      for (const item of out.Responses?.[table] ?? []) if (item.pk?.S) found.set(item.pk.S, item);
      keys = out.UnprocessedKeys?.[table]?.Keys ?? [];
    }
  }
  return found;
}

/**
 * The snapshot with cninodesForbiddenDenials on every cluster: the recorded count (0 when
 * nothing was recorded), or null on every cluster when the table was not readable (not known).
 * The one entry point of the fleet report and the fleet worker's merge step.
 */
export function cninodesDenialsReader(client: DynamoDBClient, table: string) {
  return async (snapshot: FleetSnapshot, nowMs: number, onError?: (err: Error) => void): Promise<FleetSnapshot> => {
    try {
      const counts = await readCninodesDenials(client, table, snapshot.clusters, nowMs);
      return { ...snapshot, clusters: snapshot.clusters.map((c) => ({ ...c, cninodesForbiddenDenials: counts.get(cninodesDenialKey(c)) ?? 0 })) };
    } catch (err) {
      onError?.(err as Error);
      // The report shows the cluster as read in part, with why the check could not know.
      const partial = { operation: "BatchGetItem", error: `cninodes-forbidden windows not readable: ${(err as Error).message}` };
      return { ...snapshot, clusters: snapshot.clusters.map((c) => ({ ...c, cninodesForbiddenDenials: null, partialErrors: [...c.partialErrors, partial] })) };
    }
  };
}
