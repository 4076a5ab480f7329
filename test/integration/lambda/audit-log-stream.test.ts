// The central log stream's handler end to end on the wire (dynalite, Slack and SNS peers): Kinesis
// events whose records are what CloudWatch Logs writes into the stream for a cross-account
// destination (base64 of gzip of one subscription payload each, CONTROL_MESSAGE included).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHandler } from "../../../functions/lambda/handler.ts";
import { RECORD_START_RESERVE_MS } from "../../../functions/lambda/run-audit-log-stream.ts";
import { runAuditLogStream, runSweep } from "../../../functions/lambda/runs.ts";
import type { Alert } from "../../../shared/types.ts";
import { cninodesDenied, subscriptionEvent } from "../../fixtures/lambda/events.ts";
import { controlRecordData, dataOf, kinesisEvent, recordData, sequenceNumber } from "../../fixtures/lambda/kinesis.ts";
import { snsError } from "../../helpers/peers/index.ts";
import { startFaultProxy, type FaultProxy } from "../../helpers/peers/fault-proxy.ts";
import { clientsFor, lambdaContext, lambdaEnv, storedHead, useWorld, type CapturedOutput, type World } from "./harness.ts";

const T = Date.parse("2026-03-01T02:00:00Z");
let world: World;
let output: CapturedOutput;
let table: string;
let proxy: FaultProxy;
let n = 0;

useWorld((w, o) => {
  world = w;
  output = o;
});
beforeAll(async () => {
  proxy = await startFaultProxy(world.dynamo.endpoint);
});
afterAll(async () => proxy.close());
beforeEach(async () => {
  table = await world.dynamo.createTable();
  proxy.failing.clear();
  world.slack.requests.length = 0;
  world.sns.requests.length = 0;
  world.sns.published.length = 0;
});

/** One container reading the stream, its DynamoDB calls through the fault proxy. */
const stream = () => createHandler("audit-log-stream", runAuditLogStream, { env: lambdaEnv(world, table), clients: clientsFor(world, proxy.endpoint) });
type Response = { batchItemFailures: Array<{ itemIdentifier: string }> };
const invoke = (h: ReturnType<typeof stream>, event: unknown, remainingMs = 60_000) => h(event, lambdaContext(`kin-${++n}`, remainingMs)) as Promise<Response>;
const alerts = (): Alert[] => world.sns.published.map((p) => JSON.parse(p.message) as Alert);
/** A record carrying `count` cninodes denials of `cluster`, ids from `first`. */
const denials = (cluster: string, first: number, count: number) =>
  dataOf(subscriptionEvent(Array.from({ length: count }, (_, i) => cninodesDenied(T + (first + i) * 1000, first + i)), { first, cluster }));

describe("audit-log-stream handler (central Kinesis stream)", () => {
  it("reads every record's payload through the audit rules: one alert per cluster, events counted", async () => {
    const r = await invoke(stream(), kinesisEvent([denials("pay-a", 0, 2), denials("pay-b", 10, 3)]));
    expect(r).toEqual({ batchItemFailures: [] });
    const byCluster = Object.fromEntries(alerts().map((a) => [a.cluster, a.count]));
    expect(byCluster).toEqual({ "pay-a": 2, "pay-b": 3 });
    expect(world.slack.messages()).toHaveLength(2);
  });

  it("bad records and CONTROL_MESSAGE are counted, and nothing else in the batch is lost", async () => {
    const event = kinesisEvent([
      controlRecordData(),
      "%%% not base64 %%%",
      Buffer.from("plain text, not gzip").toString("base64"),
      recordData("{not json"),
      recordData({ hello: "world" }),
      42,
      denials("pay-c", 20, 2),
    ]);
    const r = await invoke(stream(), event);
    expect(r).toEqual({ batchItemFailures: [] });
    expect(alerts().map((a) => [a.cluster, a.count])).toEqual([["pay-c", 2]]);
    const log = output.text();
    for (const reason of ["not valid base64", "not gzip", "does not hold JSON", "does not hold a CloudWatch Logs payload", "kinesis.data must be a string"]) {
      expect(log).toContain(reason);
    }
    // Each bad record is one rejection, named by its place in the batch.
    expect(log).toMatch(/"origin":"kinesis record 2 document"/);
  });

  it("a store failure on one record: that record is reported, the ones before it kept, the ones after it left for the retry", async () => {
    const records = [denials("pay-d", 0, 1), denials("broken-e", 10, 2), denials("pay-f", 20, 1)];
    proxy.failing.add("broken-e");
    const h = stream();
    const first = await invoke(h, kinesisEvent(records));
    expect(first).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumber(1) }] });
    expect(proxy.faults).toBeGreaterThan(0);
    expect(alerts().map((a) => a.cluster)).toEqual(["pay-d"]);
    // Kinesis retries from the reported record (checkpoint): records 2 and 3, once the store is back.
    proxy.failing.clear();
    await expect(invoke(h, kinesisEvent(records.slice(1), 1))).resolves.toEqual({ batchItemFailures: [] });
    expect(Object.fromEntries(alerts().map((a) => [a.cluster, a.count]))).toEqual({ "pay-d": 1, "broken-e": 2, "pay-f": 1 });
  });

  it("redelivery is idempotent: the same records again (another container, the bisected halves) count and send nothing new", async () => {
    const records = [denials("pay-g", 0, 3), denials("pay-h", 10, 1)];
    await invoke(stream(), kinesisEvent(records));
    const sentBefore = world.sns.published.length;
    await invoke(stream(), kinesisEvent(records));
    await invoke(stream(), kinesisEvent(records.slice(0, 1)));
    await invoke(stream(), kinesisEvent(records.slice(1), 1));
    expect(world.sns.published).toHaveLength(sentBefore);
    expect(world.slack.messages()).toHaveLength(2);
    const g = alerts().find((a) => a.cluster === "pay-g")!;
    expect((await storedHead(world, table, g.dedupKey))?.doc.current.alert.count).toBe(3);
  });

  it("a sink outage does not hold the shard: the record is done, the alert owed in the store for the sweep", async () => {
    world.sns.queue.push(...Array.from({ length: 50 }, () => snsError(500, "InternalError")));
    // The least time a record starts with: its sends retry for 2 s after the safety margin.
    const r = await invoke(stream(), kinesisEvent([denials("pay-i", 0, 1), denials("pay-j", 10, 1)]), RECORD_START_RESERVE_MS);
    world.sns.queue.length = 0;
    expect(r).toEqual({ batchItemFailures: [] });
    expect(world.sns.published).toHaveLength(0);
    expect(world.slack.messages()).toHaveLength(2);
    expect(output.text()).toContain("the alert stays owed in the store for the sweep");
    // The sweep, once SNS is back, sends what the stream's records left owed: to SNS only.
    const sweep = createHandler("sweep", runSweep, { env: lambdaEnv(world, table), clients: clientsFor(world) });
    await sweep({}, lambdaContext(`sweep-${++n}`));
    expect(alerts().map((a) => a.cluster).sort()).toEqual(["pay-i", "pay-j"]);
    expect(world.slack.messages()).toHaveLength(2);
  });

  it("with too little time left, no record starts: the batch is handed back from the first one", async () => {
    const r = await invoke(stream(), kinesisEvent([denials("pay-k", 0, 1)]), RECORD_START_RESERVE_MS - 1);
    expect(r).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumber(0) }] });
    expect(world.sns.published).toHaveLength(0);
  });

  it("an event that is not a Kinesis batch is rejected and counted, not retried", async () => {
    await expect(invoke(stream(), { awslogs: { data: "x" } })).resolves.toEqual({ batchItemFailures: [] });
    expect(output.text()).toContain("not a Kinesis event (no Records array)");
  });
});
