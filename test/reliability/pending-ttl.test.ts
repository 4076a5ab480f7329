// Pending alerts never expire unseen (issue 15 item 5): while any sink still owes a window, its
// item carries no TTL; once every sink has it, the TTL is set. The sweep says per sink how long
// the oldest owed alert has waited (the metric behind the pending-age alarm in infra/).
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { beforeEach, describe, expect, it } from "vitest";
import type { Clock } from "../../shared/delivery/clock.ts";
import { headPk } from "../../shared/store/dynamo-items.ts";
import { createHandler } from "../../functions/lambda/handler.ts";
import { PENDING_AGE_METRIC } from "../../functions/lambda/observability.ts";
import { runAuditLogs, runSweep } from "../../functions/lambda/runs.ts";
import { cninodesDenied, subscriptionEvent } from "../fixtures/lambda/events.ts";
import { clientsFor, lambdaContext, lambdaEnv, type CapturedOutput, type World, useWorld } from "../integration/lambda/harness.ts";

const T = Date.parse("2026-03-01T02:00:00Z");
const KEY = "444455556666|eu-west-1|cninodes-forbidden|pay-prod-1";
let world: World;
let output: CapturedOutput;
let table: string;
let now = T;
let n = 0;
const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) };

useWorld((w, o) => ((world = w), (output = o)));
beforeEach(async () => {
  table = await world.dynamo.createTable("ttl");
  world.slack.queue.length = 0;
  world.sns.published.length = 0;
});

const deps = () => ({ env: lambdaEnv(world, table), clients: clientsFor(world), clock });
const rawHead = async () =>
  (await world.dynamo.client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: headPk(KEY) } }, ConsistentRead: true }))).Item!;

/** The pending-age figures the sweep wrote since `from` (EMF lines on stdout). */
function pendingAges(from: number): Array<{ sink: string; seconds: number; dimensions: string[] }> {
  return output
    .text()
    .slice(from)
    .split("\n")
    .filter((l) => l.includes(`"${PENDING_AGE_METRIC}"`))
    .map((l) => JSON.parse(l) as Record<string, any>)
    .map((m) => ({ sink: m.sink, seconds: m[PENDING_AGE_METRIC], dimensions: m._aws.CloudWatchMetrics[0].Dimensions[0] }));
}

describe("an alert Slack keeps refusing", () => {
  it("keeps no TTL while pending, reports its age per sink, and gets its TTL once delivered", async () => {
    now = T + 60_000;
    world.slack.queue.push(...Array.from({ length: 2 }, () => ({ status: 404, body: "no_service" })));
    const payload = subscriptionEvent([cninodesDenied(T, 1), cninodesDenied(T + 1000, 2)]);
    await expect(createHandler("audit-logs", runAuditLogs, deps())(payload, lambdaContext(`ttl-${++n}`))).rejects.toThrow(/slack/);
    expect((await rawHead()).owed?.S).toBe("1");
    expect((await rawHead()).expiresAt).toBeUndefined();

    // Sixteen days later (past the 14-day retention) Slack still refuses: still no TTL, and the
    // sweep says how long Slack has owed it; SNS owes nothing.
    now = T + 16 * 86_400_000;
    const before = output.text().length;
    const sweep = createHandler("sweep", runSweep, deps());
    await expect(sweep({}, lambdaContext(`ttl-${++n}`))).rejects.toThrow(/slack/);
    expect((await rawHead()).expiresAt).toBeUndefined();
    const ages = pendingAges(before);
    expect(ages.map((a) => a.sink).sort()).toEqual(["slack", "sns"]);
    expect(ages.find((a) => a.sink === "slack")!.seconds).toBeGreaterThan(3600);
    expect(ages.find((a) => a.sink === "sns")!.seconds).toBe(0);
    // The alarm in infra/ watches exactly these dimensions.
    for (const a of ages) expect([...a.dimensions].sort()).toEqual(["service", "sink"]);

    // Slack is back: delivered, and only now does the item get its TTL (window end + 14 days).
    const after = output.text().length;
    await sweep({}, lambdaContext(`ttl-${++n}`));
    const head = await rawHead();
    expect(head.owed).toBeUndefined();
    expect(Number(head.expiresAt?.N)).toBe(Math.ceil((T + 3_600_000 + 14 * 86_400_000) / 1000));
    expect(pendingAges(after).map((a) => a.seconds)).toEqual([0, 0]);
  });
});
