// The few DynamoDB calls the store makes, with one error policy: a failed conditional write
// returns false (the caller re-reads), anything else becomes a StoreError that fails the
// invocation so Lambda retries it.

import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { awsErrorMessage } from "../core/aws-error.ts";
import { StoreError } from "../errors.ts";
import type { Item } from "./dynamo-items.ts";

/**
 * Optimistic retries per key: at least this many, and more while the caller's time budget
 * lasts (a hot key on a busy machine can need more than 40; counts must not be lost to that).
 */
const MIN_ATTEMPTS = 40;
/** A hard stop even with time left (a clock that does not move must not spin forever). */
const MAX_ATTEMPTS = 2000;
/** Time budget of a contended write when the caller gives none. */
export const DEFAULT_CONTENTION_BUDGET_MS = 10_000;
const PARALLEL_KEYS = 8;
const BATCH_GET_MAX = 100;

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function isConditionFailure(e: unknown): boolean {
  return (e as { name?: string }).name === "ConditionalCheckFailedException";
}

export class DynamoIo {
  constructor(
    readonly client: DynamoDBClient,
    readonly table: string,
    private readonly sleep: (ms: number) => Promise<void> = defaultSleep,
    private readonly now: () => number = Date.now,
  ) {}

  /** One call, with the error policy above (also for dynamo-scan.ts). */
  async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (isConditionFailure(e) || e instanceof StoreError) throw e;
      const name = (e as { name?: string }).name ?? "Error";
      throw new StoreError(`DynamoDB ${what} on ${this.table} failed: ${name}: ${awsErrorMessage((e as Error).message)}`.trim(), { cause: e });
    }
  }

  /** Strongly consistent: the store decides on what it just read. */
  async get(pk: string): Promise<Item | undefined> {
    const out = await this.call("GetItem", () =>
      this.client.send(new GetItemCommand({ TableName: this.table, Key: { pk: { S: pk } }, ConsistentRead: true })),
    );
    return out.Item;
  }

  async batchGet(pks: readonly string[]): Promise<Map<string, Item>> {
    const found = new Map<string, Item>();
    const unique = [...new Set(pks)];
    for (let i = 0; i < unique.length; i += BATCH_GET_MAX) {
      let keys: Array<Record<string, AttributeValue>> = unique.slice(i, i + BATCH_GET_MAX).map((pk) => ({ pk: { S: pk } }));
      for (let round = 0; keys.length > 0; round++) {
        if (round > 0) await this.sleep(Math.min(1000, 25 * 2 ** round));
        if (round > 8) throw new StoreError(`DynamoDB BatchGetItem on ${this.table}: keys left unprocessed`);
        const out = await this.call("BatchGetItem", () =>
          this.client.send(new BatchGetItemCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: true } } })),
        );
        for (const item of out.Responses?.[this.table] ?? []) if (item.pk?.S) found.set(item.pk.S, item);
        keys = out.UnprocessedKeys?.[this.table]?.Keys ?? [];
      }
    }
    return found;
  }

  /** false when the condition failed. */
  async update(
    pk: string,
    update: string,
    condition: string,
    names: Record<string, string> | undefined,
    values: Record<string, AttributeValue>,
  ): Promise<boolean> {
    try {
      await this.call("UpdateItem", () =>
        this.client.send(
          new UpdateItemCommand({
            TableName: this.table,
            Key: { pk: { S: pk } },
            UpdateExpression: update,
            ConditionExpression: condition,
            ...(names ? { ExpressionAttributeNames: names } : {}),
            ExpressionAttributeValues: values,
          }),
        ),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  /** Unconditional puts of small items (redelivery markers), 25 per request, unprocessed ones retried. */
  async putMarkers(items: readonly Item[]): Promise<void> {
    for (let i = 0; i < items.length; i += 25) {
      let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      for (let round = 0; requests.length > 0; round++) {
        if (round > 0) await this.sleep(Math.min(1000, 25 * 2 ** round));
        if (round > 8) throw new StoreError(`DynamoDB BatchWriteItem on ${this.table}: items left unprocessed`);
        const out = await this.call("BatchWriteItem", () => this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.table]: requests } })));
        requests = (out.UnprocessedItems?.[this.table] ?? []) as typeof requests;
      }
    }
  }

  /** false when the condition failed. */
  async put(item: Item, condition: string, values: Record<string, AttributeValue>): Promise<boolean> {
    try {
      await this.call("PutItem", () =>
        this.client.send(
          new PutItemCommand({ TableName: this.table, Item: item, ConditionExpression: condition, ExpressionAttributeValues: values }),
        ),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  /**
   * Runs `attempt` until it reports done, waiting a jittered, growing pause between tries (full
   * jitter: writers that collided spread out instead of colliding again), until `deadlineMs`
   * (default: DEFAULT_CONTENTION_BUDGET_MS from the first try) once MIN_ATTEMPTS were made.
   */
  async optimistic<T>(what: string, attempt: (n: number) => Promise<{ done: true; value: T } | { done: false }>, deadlineMs?: number): Promise<T> {
    const until = deadlineMs ?? this.now() + DEFAULT_CONTENTION_BUDGET_MS;
    let n = 0;
    for (; n < MAX_ATTEMPTS && (n < MIN_ATTEMPTS || this.now() < until); n++) {
      if (n > 0) await this.sleep(Math.random() * Math.min(250, 5 * 2 ** Math.min(n, 6)));
      const r = await attempt(n);
      if (r.done) return r.value;
    }
    throw new StoreError(`DynamoDB: ${what}: still contended after ${n} attempts`);
  }

  /** Runs `fn` over `items`, a few at a time; every item is tried, then the first failure is thrown. */
  async eachLimited<I, O>(items: readonly I[], fn: (item: I) => Promise<O>): Promise<O[]> {
    const out: O[] = new Array(items.length);
    const errors: unknown[] = [];
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const i = next++;
        try {
          out[i] = await fn(items[i]!);
        } catch (e) {
          errors.push(e);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_KEYS, items.length) }, worker));
    if (errors.length > 0) throw errors[0];
    return out;
  }
}
