// The time budget keeps a margin above the longest single request (issue 15 item 4): a send that
// runs for the whole Slack timeout must still end with time to record it, so the Lambda timeout
// never cuts a send Slack took (which the retry would repeat). Virtual time: each Slack request
// takes the full timeout; the wire (dynalite, loopback Slack and SNS) is real.
import type { Context } from "aws-lambda";
import { describe, expect, it } from "vitest";
import type { Clock } from "../../shared/delivery/clock.ts";
import { RECORD_RESERVE_MS } from "../../functions/lambda/batch.ts";
import { SLACK_TIMEOUT_MS } from "../../functions/lambda/clients.ts";
import { createHandler } from "../../functions/lambda/handler.ts";
import { runAuditLogs } from "../../functions/lambda/runs.ts";
import { awsNodePatched, subscriptionEvent } from "../fixtures/lambda/events.ts";
import { clientsFor, lambdaContext, lambdaEnv, type World, useWorld } from "../integration/lambda/harness.ts";

const T = Date.parse("2026-03-01T02:00:00Z");
let world: World;
useWorld((w) => (world = w));

describe("a send started near the deadline", () => {
  it.each([10_500, 15_500, 21_000, 30_000])("with %i ms left, every Slack send that takes the whole timeout still leaves time to record it", async (budget) => {
    const table = await world.dynamo.createTable("margin");
    let now = T;
    const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) };
    const deadline = now + budget;
    const leftAtSend: number[] = [];
    const slowSlack: typeof fetch = async (input, init) => {
      leftAtSend.push(deadline - now);
      const res = await fetch(input, init);
      now += SLACK_TIMEOUT_MS;
      return res;
    };
    const ctx: Context = { ...lambdaContext(`margin-${budget}`), getRemainingTimeInMillis: () => Math.max(0, deadline - now) };
    const payload = subscriptionEvent(Array.from({ length: 8 }, (_, i) => awsNodePatched(T + i * 1000, i, `ops-${i}`)));
    const h = createHandler("audit-logs", runAuditLogs, { env: lambdaEnv(world, table), clients: clientsFor(world), fetch: slowSlack, clock });
    await h(payload, ctx).catch(() => undefined); // some windows stay pending for the retry
    for (const left of leftAtSend) expect(left - SLACK_TIMEOUT_MS).toBeGreaterThanOrEqual(RECORD_RESERVE_MS);
    expect(now).toBeLessThanOrEqual(deadline);
  });
});
