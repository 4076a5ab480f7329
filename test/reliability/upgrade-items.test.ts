// Upgrades in the middle of a storm (issue 15 item 11): items written by the previous store
// version (every batch token in `seen`/`seenOld` sets, a whole-window `lease`, no per-sink
// severities, a TTL while pending) stay readable. A deploy with a window open and its alert
// pending loses no count and no alert, and a redelivery of a batch counted before the deploy
// still counts once. The previous writer's layout is kept here (`previousVersionHead`).
import { GetItemCommand, PutItemCommand, type AttributeValue } from "@aws-sdk/client-dynamodb";
import { beforeEach, describe, expect, it } from "vitest";
import { createHandler } from "../../functions/lambda/handler.ts";
import { runAuditLogs, runSweep } from "../../functions/lambda/runs.ts";
import { batchToken } from "../../shared/store/dynamo-store.ts";
import { headPk, markerPk } from "../../shared/store/dynamo-items.ts";
import { decodeCloudWatchLogsEvent } from "../../shared/sources/index.ts";
import { cninodesDenied, subscriptionEvent } from "../fixtures/lambda/events.ts";
import { clientsFor, lambdaContext, lambdaEnv, storedHead, type World, useWorld } from "../integration/lambda/harness.ts";

const T = Date.parse("2026-03-01T02:00:00Z");
const HOUR = 3_600_000;
const KEY = "444455556666|eu-west-1|cninodes-forbidden|pay-prod-1";
let world: World;
let table: string;
let n = 0;
useWorld((w) => (world = w));
beforeEach(async () => {
  table = await world.dynamo.createTable("upgrade");
  world.sns.published.length = 0;
  world.slack.requests.length = 0;
});

/** The head item as the previous version wrote it (dynamo-store.ts before issue 15). */
function previousVersionHead(key: string, alert: Record<string, unknown>, count: number, seen: string[], seenOld: string[]): Record<string, AttributeValue> {
  const doc = {
    current: { alert: { ...alert, count }, reported: 0, sent: {}, lease: { owner: "crashed-invocation/0a1b2c3d", untilMs: T + 60_000 } },
    closed: [],
    archived: [],
  };
  return {
    pk: { S: headPk(key) },
    doc: { S: JSON.stringify(doc) },
    ver: { N: "7" },
    seen: { SS: seen },
    ...(seenOld.length ? { seenOld: { SS: seenOld } } : {}),
    ws: { N: String(alert.windowStartMs) },
    windowEnds: { N: String(alert.windowEndMs) },
    cnt: { N: String(count) },
    owed: { S: "1" },
    expiresAt: { N: String(Math.ceil(((alert.windowEndMs as number) + 14 * 24 * HOUR) / 1000)) },
  };
}

const invoke = (event: unknown) =>
  createHandler("audit-logs", runAuditLogs, { env: lambdaEnv(world, table), clients: clientsFor(world) })(event, lambdaContext(`upgrade-${++n}`));
const batchIdOf = (event: unknown) => decodeCloudWatchLogsEvent(event, { defaults: { cluster: null, account: null, region: null } }).batchId!;

describe("a head written by the previous version, alert pending", () => {
  it("keeps its count and pending alert, and still knows the batches it counted", async () => {
    // Batch A (3 events) was counted by the previous version; its alert never went out.
    const a = subscriptionEvent([1, 2, 3].map((i) => cninodesDenied(T + i * 1000, i)), { first: 1 });
    const alert = {
      rule: "cninodes-forbidden", dedupKey: KEY, cluster: "pay-prod-1", account: "444455556666", region: "eu-west-1", severity: "high",
      firstSeenMs: T + 1000, lastSeenMs: T + 3000, newestMs: T + 3000, windowStartMs: T + 1000, windowEndMs: T + 1000 + HOUR,
      facts: { verbs: ["patch"], nodes: ["ip-10-12-1-7.eu-central-1.compute.internal"] }, knownIssues: [], samples: ["c0ffee00-0000-4000-8000-000000000001"],
    };
    const old = Array.from({ length: 1200 }, (_, i) => batchToken(`older-batch-${i}`));
    await world.dynamo.client.send(new PutItemCommand({ TableName: table, Item: previousVersionHead(KEY, alert, 3, [batchToken(batchIdOf(a)), ...old.slice(0, 600)], old.slice(600)) }));

    // After the deploy: A is redelivered (counts nothing) and its pending alert goes out (the old
    // invocation's lease has run out); batch B then adds 2.
    await invoke(a);
    expect((await storedHead(world, table, KEY))?.doc.current.alert.count).toBe(3);
    expect(world.sns.published.map((p) => JSON.parse(p.message).count)).toEqual([3]);
    expect(world.slack.messages()).toHaveLength(1);
    const b = subscriptionEvent([4, 5].map((i) => cninodesDenied(T + i * 1000, i)), { first: 4 });
    await invoke(b);
    const head = await storedHead(world, table, KEY);
    expect(head?.doc.current.alert.count).toBe(5);

    // The old `seen` sets moved out of the head into marker items: every old batch is still known.
    const raw = (await world.dynamo.client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: headPk(KEY) } }, ConsistentRead: true }))).Item!;
    expect(raw.seen).toBeUndefined();
    expect(raw.seenOld).toBeUndefined();
    for (const t of [batchToken(batchIdOf(a)), old[0]!, old[1199]!]) {
      const m = await world.dynamo.client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: markerPk(KEY, t) } }, ConsistentRead: true }));
      expect(m.Item, t).toBeDefined();
    }
    await invoke(a);
    await invoke(b);
    expect((await storedHead(world, table, KEY))?.doc.current.alert.count).toBe(5);

    // The window has closed (wall clock): the sweep sends its true count once, to both sinks.
    await createHandler("sweep", runSweep, { env: lambdaEnv(world, table), clients: clientsFor(world) })({}, lambdaContext(`upgrade-${++n}`));
    expect(world.sns.published.map((p) => [p.attributes.kind!.value, JSON.parse(p.message).count])).toEqual([["open", 3], ["update", 5]]);
    expect(world.slack.messages()).toHaveLength(2);
  });
});
