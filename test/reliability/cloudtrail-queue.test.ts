// CloudTrail events through the deployment's SQS queue (guarantees item 8), on the real handler,
// dynalite and the loopback sinks: a storm becomes a few batches; redelivering any subset counts
// nothing twice; a failed send never fails a record (the alert waits in the store for the
// sweep); only a failed store write returns records, and only those that carried events.
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { createHandler } from "../../functions/lambda/handler.ts";
import { runCloudTrail, runSweep } from "../../functions/lambda/runs.ts";
import type { Alert } from "../../shared/types.ts";
import { snsError } from "../helpers/peers/sns.ts";
import { clientsFor, lambdaContext, lambdaEnv, type World, useWorld } from "../integration/lambda/harness.ts";
import { seeds } from "./harness.ts";

let world: World;
let table: string;
let request = 0;
const T0 = Date.parse("2025-06-03T13:42:11Z");

useWorld((w) => {
  world = w;
});
beforeEach(async () => {
  table = await world.dynamo.createTable("ct-queue");
  world.sns.published.length = 0;
  world.sns.queue.length = 0;
  world.slack.queue.length = 0;
});

interface Message {
  messageId: string;
  body: string;
  eventSource: "aws:sqs";
}

/** The i-th denied CreateNetworkInterface of one CNI role, as EventBridge writes it into SQS. */
function denial(i: number): Message {
  const e = seeds()["eni-unauthorized"].record;
  const t = new Date(T0 + i * 1000).toISOString().replace(".000", "");
  e.id = `0f4c2a8e-7d16-4b95-a3e1-${String(i).padStart(12, "0")}`;
  e.time = t;
  e.detail.eventTime = t;
  e.detail.eventID = `e7a1c3d2-0000-4000-8000-${String(i).padStart(12, "0")}`;
  return { messageId: randomUUID(), body: JSON.stringify(e), eventSource: "aws:sqs" };
}
/** The same event redelivered: SQS gives it a new message id, EventBridge kept its event id. */
const again = (m: Message): Message => ({ ...m, messageId: randomUUID() });

const handlerOn = (dynamoEndpoint?: string) =>
  createHandler("cloudtrail", runCloudTrail, { env: lambdaEnv(world, table), clients: clientsFor(world, dynamoEndpoint) });
const invoke = (records: Message[], dynamoEndpoint?: string) =>
  handlerOn(dynamoEndpoint)({ Records: records }, lambdaContext(`q-${++request}`, 30_000)) as Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> }>;
const sweep = () => createHandler("sweep", runSweep, { env: lambdaEnv(world, table), clients: clientsFor(world) })({}, lambdaContext(`s-${++request}`, 30_000));
const snsAlerts = (): Alert[] => world.sns.published.map((p) => JSON.parse(p.message) as Alert);

describe("CloudTrail events through the queue", () => {
  it("100 denials in two batches are one alert of 100; a redelivered subset with new events adds only the new", async () => {
    const msgs = Array.from({ length: 120 }, (_, i) => denial(i));
    expect(await invoke(msgs.slice(0, 50))).toEqual({ batchItemFailures: [] });
    expect(await invoke(msgs.slice(50, 100))).toEqual({ batchItemFailures: [] });
    // SQS redelivers messages 20–79 (new message ids, in another grouping) together with 20 new ones.
    expect(await invoke([...msgs.slice(20, 80).map(again), ...msgs.slice(100, 120)])).toEqual({ batchItemFailures: [] });
    await sweep();
    const alerts = snsAlerts();
    expect(alerts[0]).toMatchObject({ rule: "eni-unauthorized", count: 50 });
    // The window's true count: each event once.
    expect(Math.max(...alerts.map((a) => a.count))).toBe(120);
  });

  it("a message that is not JSON is a counted rejection, not a failure, and the others count", async () => {
    const bad: Message = { messageId: "bad-1", body: "{not json", eventSource: "aws:sqs" };
    const out = await invoke([denial(1), bad, denial(2)]);
    expect(out).toEqual({ batchItemFailures: [] });
    expect(snsAlerts().map((a) => [a.rule, a.count])).toEqual([["eni-unauthorized", 2]]);
  });

  it("with both sinks down the records still succeed, and the sweep delivers once they are back", async () => {
    world.slack.queue.push(...Array.from({ length: 50 }, () => ({ status: 503, body: "down" })));
    world.sns.queue.push(...Array.from({ length: 50 }, () => snsError(500, "InternalError")));
    expect(await invoke([denial(1), denial(2), denial(3)])).toEqual({ batchItemFailures: [] });
    expect(snsAlerts()).toEqual([]);
    world.slack.queue.length = 0;
    world.sns.queue.length = 0;
    await sweep();
    expect(snsAlerts().map((a) => [a.rule, a.count])).toEqual([["eni-unauthorized", 3]]);
  });

  it("a store that cannot be written returns exactly the records that carried events; their redelivery counts once", async () => {
    const good = [denial(1), denial(2)];
    const bad: Message = { messageId: "bad-2", body: "[]", eventSource: "aws:sqs" };
    const out = await invoke([good[0]!, bad, good[1]!], "http://127.0.0.1:9");
    expect(out.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(good.map((m) => m.messageId).sort());
    expect(await invoke(good.map(again))).toEqual({ batchItemFailures: [] });
    expect(await invoke(good.map(again))).toEqual({ batchItemFailures: [] });
    await sweep();
    expect(snsAlerts().map((a) => [a.rule, a.count])).toEqual([["eni-unauthorized", 2]]);
  });
});
