// What a CloudTrail storm costs in DynamoDB writes and Lambda invocations (guarantees item 8),
// through the real cloudtrail handler on dynalite with the loopback SNS sink: one event per
// invocation (a rule targeting the function) against SQS batches (the deployed queue). Write
// units are computed from the items written (DynamoDB: 1 WCU per KB, the larger of the item's
// size before and after), since dynalite does not meter. The events/s one key sustains follow
// from the writes on its head item against DynamoDB's 1,000 WCU/s per partition.
import { GetItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SNSClient } from "@aws-sdk/client-sns";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createHandler } from "../functions/lambda/handler.ts";
import { runCloudTrail } from "../functions/lambda/run-cloudtrail.ts";
import { CLOUDTRAIL_QUEUE } from "../infra/cloudtrail-queue-settings.ts";
import { dynamoClient, FAKE_CREDENTIALS, startDynamoPeer, startSnsPeer, TEST_REGION } from "../test/helpers/peers/index.ts";
import { itemBytes } from "./item-bytes.ts";

export interface StormCost {
  path: "direct" | "queue";
  events: number;
  invocations: number;
  writes: number;
  wcu: number;
  wcuPerEvent: number;
  /** Write units on the key's head item per event: what limits one key. */
  headWcuPerEvent: number;
  /** 1,000 WCU/s per partition ÷ head write units per event. */
  eventsPerSecondPerKey: number;
  invocationsPer1000: number;
}

const PARTITION_WCU = 1000;
const T0 = Date.parse("2025-06-03T13:42:11Z");

function denial(seed: any, i: number): unknown {
  const e = structuredClone(seed);
  const t = new Date(T0 + i * 10).toISOString();
  e.id = randomUUID();
  e.time = t;
  e.detail.eventTime = t;
  e.detail.eventID = randomUUID();
  return e;
}

interface Meter {
  writes: number;
  wcu: number;
  headWcu: number;
}

/** Counts every write the store sends, with its size before and after (1 WCU per started KB). */
function metered(client: DynamoDBClient, table: string, reader: DynamoDBClient, meter: Meter): DynamoDBClient {
  const sizeOf = async (pk: string) => {
    const out = await reader.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } }, ConsistentRead: true }));
    return out.Item ? itemBytes(out.Item) : 0;
  };
  const charge = (bytes: number, pk: string) => {
    const units = Math.max(1, Math.ceil(bytes / 1024));
    meter.writes += 1;
    meter.wcu += units;
    if (pk.startsWith("w#")) meter.headWcu += units;
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as any;
      const name = context.commandName;
      if (name === "UpdateItemCommand" || name === "PutItemCommand") {
        const pk: string = input.Key?.pk?.S ?? input.Item?.pk?.S;
        const before = await sizeOf(pk);
        const out = await next(args);
        charge(Math.max(before, await sizeOf(pk)), pk);
        return out;
      }
      if (name === "BatchWriteItemCommand") {
        const out = await next(args);
        const unprocessed = new Set(((out.output as any).UnprocessedItems?.[table] ?? []).map((r: any) => r.PutRequest?.Item?.pk?.S));
        for (const r of input.RequestItems[table]) if (!unprocessed.has(r.PutRequest.Item.pk.S)) charge(itemBytes(r.PutRequest.Item), r.PutRequest.Item.pk.S);
        return out;
      }
      return next(args);
    },
    { step: "initialize", name: "stormMeter" },
  );
  return client;
}

async function run(path: StormCost["path"], events: number, root: string): Promise<StormCost> {
  const [dynamo, sns] = await Promise.all([startDynamoPeer(), startSnsPeer()]);
  try {
    const table = await dynamo.createTable("storm");
    const meter: Meter = { writes: 0, wcu: 0, headWcu: 0 };
    const client = metered(dynamoClient(dynamo.endpoint, 3), table, dynamo.client, meter);
    const env = {
      DEDUP_TABLE: table,
      ALERT_TOPIC_ARN: "arn:aws:sns:eu-west-1:444455556666:cni-auditor-alerts",
      AWS_REGION: TEST_REGION,
      POWERTOOLS_LOG_LEVEL: "ERROR",
      POWERTOOLS_METRICS_DISABLED: "true",
    };
    const clients = { dynamo: client, sns: new SNSClient({ endpoint: sns.url, region: TEST_REGION, credentials: FAKE_CREDENTIALS }) };
    const handler = createHandler("cloudtrail", runCloudTrail, { env, clients });
    const seed = JSON.parse(readFileSync(`${root}/test/fixtures/reliability/seeds.json`, "utf8")).seeds["eni-unauthorized"].record;
    const context = (n: number) => ({ awsRequestId: `storm-${n}`, invokedFunctionArn: "arn:aws:lambda:eu-west-1:444455556666:function:ct", getRemainingTimeInMillis: () => 30_000 }) as any;
    let invocations = 0;
    if (path === "direct") {
      for (let i = 0; i < events; i++) await handler(denial(seed, i), context(invocations++));
    } else {
      for (let i = 0; i < events; i += CLOUDTRAIL_QUEUE.batchSize) {
        const n = Math.min(CLOUDTRAIL_QUEUE.batchSize, events - i);
        const Records = Array.from({ length: n }, (_, j) => ({ messageId: randomUUID(), body: JSON.stringify(denial(seed, i + j)), eventSource: "aws:sqs" }));
        await handler({ Records }, context(invocations++));
      }
    }
    const headWcuPerEvent = meter.headWcu / events;
    return {
      path,
      events,
      invocations,
      writes: meter.writes,
      wcu: meter.wcu,
      wcuPerEvent: meter.wcu / events,
      headWcuPerEvent,
      eventsPerSecondPerKey: PARTITION_WCU / headWcuPerEvent,
      invocationsPer1000: (invocations / events) * 1000,
    };
  } finally {
    await Promise.all([dynamo.close(), sns.close()]);
  }
}

/** The storm through both paths: `direct` with fewer events (one invocation each), `queue` with 10,000. */
export async function measureStormCost(root: string, quick: boolean): Promise<StormCost[]> {
  return [await run("direct", quick ? 200 : 1000, root), await run("queue", quick ? 2000 : 10_000, root)];
}

export function formatStormCost(rows: readonly StormCost[]): string {
  const lines = [
    "",
    "CloudTrail storm, one key (eni-unauthorized), real handler on dynalite + SNS",
    "  path    events  invocations/1000  writes  WCU/event  head WCU/event  events/s one key sustains",
  ];
  for (const r of rows) {
    lines.push(
      `  ${r.path.padEnd(6)} ${String(r.events).padStart(7)}  ${r.invocationsPer1000.toFixed(0).padStart(16)}  ${String(r.writes).padStart(6)}  ${r.wcuPerEvent.toFixed(2).padStart(9)}  ${r.headWcuPerEvent.toFixed(3).padStart(13)}  ${Math.round(r.eventsPerSecondPerKey).toLocaleString("en-US").padStart(12)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
