// The central log stream's consumer (issue 18): how many records and audit events one
// audit-log-stream invocation gets through, on batches of the mapping's size made of the bench
// stream's payloads (unfiltered: every event of each payload is read, so this is pessimistic for
// filtered member subscriptions), through the real handler on dynalite and the loopback SNS sink.
// From it and Kinesis's per-shard write limits (1,000 records/s or 1 MB/s in), the audit events
// per second one shard carries, in the bench's compressed bytes per event: whichever of the
// shard's bytes, its records (at the bench's events per record) and one consumer is tightest.
import { SNSClient } from "@aws-sdk/client-sns";
import { createHandler } from "../functions/lambda/handler.ts";
import { runAuditLogStream } from "../functions/lambda/runs.ts";
import { STREAM_MAPPING } from "../infra/stream-mapping.ts";
import { dynamoClient, FAKE_CREDENTIALS, startDynamoPeer, startSnsPeer, TEST_REGION } from "../test/helpers/peers/index.ts";
import type { StreamPayload } from "./stream.ts";

export interface StreamConsumerFigure {
  batches: number;
  recordsPerBatch: number;
  avgRecordBytes: number;
  eventsPerRecord: number;
  recordsPerSecond: number;
  eventsPerSecond: number;
  bytesPerEvent: number;
  /** Audit events per second one shard takes: the least of its write limits and one consumer's pace. */
  eventsPerShard: number;
  limitedBy: "records in" | "bytes in" | "consumer";
}

/** A Kinesis event as the mapping delivers it (the Lambda developer guide's shape). */
function kinesisEvent(data: readonly string[], first = 0) {
  return {
    Records: data.map((d, i) => ({
      kinesis: {
        kinesisSchemaVersion: "1.0",
        partitionKey: `p${first + i}`,
        sequenceNumber: String(49590338271490256608559692538361571095921575989136588898n + BigInt(first + i)),
        data: d,
        approximateArrivalTimestamp: 1772330400.123,
      },
      eventSource: "aws:kinesis",
      eventVersion: "1.0",
      eventID: `shardId-000000000000:${first + i}`,
      eventName: "aws:kinesis:record",
      awsRegion: "eu-west-1",
      eventSourceARN: "arn:aws:kinesis:eu-west-1:444455556666:stream/cni-auditor-central-logs",
    })),
  };
}

const SHARD_RECORDS_IN = 1000;
const SHARD_BYTES_IN = 1024 * 1024;

export async function measureStreamConsumer(stream: readonly StreamPayload[], quick: boolean): Promise<StreamConsumerFigure> {
  // The handler's per-batch logs would be most of the run's output and some of its time.
  process.env.POWERTOOLS_LOG_LEVEL = "ERROR";
  const [dynamo, sns] = await Promise.all([startDynamoPeer(), startSnsPeer()]);
  try {
    const table = await dynamo.createTable("stream");
    const env = {
      DEDUP_TABLE: table,
      ALERT_TOPIC_ARN: "arn:aws:sns:eu-west-1:444455556666:cni-auditor-alerts",
      AWS_REGION: TEST_REGION,
      POWERTOOLS_LOG_LEVEL: "ERROR",
      POWERTOOLS_METRICS_DISABLED: "true",
    };
    const clients = {
      dynamo: dynamoClient(dynamo.endpoint, 3),
      sns: new SNSClient({ endpoint: sns.url, region: TEST_REGION, credentials: FAKE_CREDENTIALS }),
    };
    const handler = createHandler("audit-log-stream", runAuditLogStream, { env, clients });
    const size = STREAM_MAPPING.batchSize;
    const batches = quick ? 2 : Math.max(2, Math.floor(stream.length / size));
    const context = (n: number) =>
      ({
        awsRequestId: `stream-${n}`,
        invokedFunctionArn: "arn:aws:lambda:eu-west-1:444455556666:function:s",
        getRemainingTimeInMillis: () => 300_000,
      }) as never;
    // One untimed batch first (module and connection warm-up, as a warm container).
    const batch = (b: number) => Array.from({ length: size }, (_, i) => stream[(b * size + i) % stream.length]!);
    await handler(kinesisEvent(batch(batches).map((p) => p.event.awslogs.data)), context(-1));
    let records = 0;
    let events = 0;
    let bytes = 0;
    const t0 = performance.now();
    for (let b = 0; b < batches; b++) {
      const payloads = batch(b);
      const out = (await handler(
        kinesisEvent(
          payloads.map((p) => p.event.awslogs.data),
          b * size,
        ),
        context(b),
      )) as { batchItemFailures: unknown[] };
      if (out.batchItemFailures.length) throw new Error("bench batch had failures");
      records += payloads.length;
      for (const p of payloads) {
        events += p.events;
        bytes += p.compressedBytes;
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const recordsPerSecond = records / seconds;
    const eventsPerSecond = events / seconds;
    const avgRecordBytes = bytes / records;
    const eventsPerRecord = events / records;
    const bytesPerEvent = bytes / events;
    const limits: Array<[number, StreamConsumerFigure["limitedBy"]]> = [
      [SHARD_RECORDS_IN * eventsPerRecord, "records in"],
      [SHARD_BYTES_IN / bytesPerEvent, "bytes in"],
      [eventsPerSecond, "consumer"],
    ];
    const [eventsPerShard, limitedBy] = limits.reduce((a, b) => (b[0] < a[0] ? b : a));
    return {
      batches,
      recordsPerBatch: size,
      avgRecordBytes,
      eventsPerRecord,
      recordsPerSecond,
      eventsPerSecond,
      bytesPerEvent,
      eventsPerShard,
      limitedBy,
    };
  } finally {
    await Promise.all([dynamo.close(), sns.close()]);
  }
}

export function formatStreamConsumer(f: StreamConsumerFigure): string {
  const shards = (perSecond: number) => Math.max(1, Math.ceil(perSecond / f.eventsPerShard));
  return [
    "",
    `Central log stream consumer (audit-log-stream, ${f.batches} batches of ${f.recordsPerBatch} records, ${Math.round(f.avgRecordBytes)} B and ${Math.round(f.eventsPerRecord)} events per record, unfiltered)`,
    `  one invocation: ${Math.round(f.recordsPerSecond)} records/s, ${Math.round(f.eventsPerSecond)} events/s`,
    `  per shard: ${Math.round(f.eventsPerShard)} audit events/s (${Math.round(f.bytesPerEvent)} B each compressed; limited by ${f.limitedBy}); shards for 1,000 / 10,000 / 100,000 candidate events/s: ${shards(1000)} / ${shards(10_000)} / ${shards(100_000)}`,
    "",
  ].join("\n");
}
