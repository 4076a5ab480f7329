// A dead Slack never delays SNS, the pager (issue 15 item 2). Slack hangs: each request takes
// the Slack timeout of virtual time and then fails. The first such request also waits (in real
// time, bounded) until SNS has had everything: with sinks in turn it would wait in vain, with
// independent sinks SNS gets there first. Windows go out oldest first, and once Slack is back
// the sweep delivers everything it missed, to Slack only.
import { beforeEach, describe, expect, it } from "vitest";
import type { Clock } from "../../shared/delivery/clock.ts";
import { SLACK_TIMEOUT_MS } from "../../functions/lambda/clients.ts";
import { createHandler } from "../../functions/lambda/handler.ts";
import { runAuditLogs, runSweep } from "../../functions/lambda/runs.ts";
import type { Alert } from "../../shared/types.ts";
import { awsNodePatched, subscriptionEvent } from "../fixtures/lambda/events.ts";
import { clientsFor, lambdaContext, lambdaEnv, storedHead, type World, useWorld } from "../integration/lambda/harness.ts";

const T = Date.parse("2026-03-01T02:00:00Z");
const WINDOWS = 12;
/** Real-time bound on the first hanging request's wait for SNS (only reached when SNS waits for Slack). */
const GATE_MS = 15_000;
let world: World;
let table: string;
let now = T;
let slackDown = true;
let n = 0;
const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) };

useWorld((w) => (world = w));
beforeEach(async () => {
  table = await world.dynamo.createTable("independent");
  world.slack.requests.length = 0;
  world.slack.queue.length = 0;
  world.sns.published.length = 0;
});

let gate: Promise<void> | undefined;
function snsHasAll(): Promise<void> {
  gate ??= new Promise<void>((resolve) => {
    const started = Date.now();
    const poll = () => (world.sns.published.length >= WINDOWS || Date.now() - started > GATE_MS ? resolve() : setTimeout(poll, 10));
    poll();
  });
  return gate;
}

/** Slack on the wire; while down, every request is dropped after hanging for the timeout (virtual). */
const hangingSlack: typeof fetch = async (input, init) => {
  if (!slackDown) return fetch(input, init);
  await snsHasAll();
  world.slack.queue.push({ status: 0, hangUp: true });
  try {
    return await fetch(input, init);
  } finally {
    now += SLACK_TIMEOUT_MS;
  }
};

const deps = () => ({ env: lambdaEnv(world, table), clients: clientsFor(world), fetch: hangingSlack, clock });
const users = Array.from({ length: WINDOWS }, (_, i) => `dev-${String(i).padStart(2, "0")}`);
/** WINDOWS windows (aws-node patched by as many users), the i-th opened i minutes in. */
const payload = subscriptionEvent(users.map((u, i) => awsNodePatched(T + i * 60_000, i, u)));
const keyOf = (u: string) => `444455556666|eu-west-1|aws-node-modified|pay-prod-1|${u}|daemonsets|aws-node`;

describe("Slack hanging while SNS is healthy", () => {
  it("SNS gets every alert in the first invocation, oldest first; the sweep later gives Slack what it missed", async () => {
    now = T + 15 * 60_000;
    const budget = 120_000;
    const start = now;
    const first = createHandler("audit-logs", runAuditLogs, deps())(payload, { ...lambdaContext(`ind-${++n}`), getRemainingTimeInMillis: () => Math.max(0, start + budget - now) });
    await expect(first).rejects.toThrow(/stay pending.*slack/);
    const published = world.sns.published.map((p) => JSON.parse(p.message) as Alert);
    expect(published).toHaveLength(WINDOWS);
    expect(published.map((a) => a.firstSeen)).toEqual([...published.map((a) => a.firstSeen)].sort());
    expect(world.slack.messages()).toHaveLength(0);
    // Slack's pass took its attempts over every window (each its share of the time), not one window's retries.
    for (const u of users) expect((await storedHead(world, table, keyOf(u)))?.doc.current.sent).toEqual({ sns: 1 });

    // Slack is back: one sweep delivers the twelve it missed, oldest first, and nothing more to SNS.
    slackDown = false;
    await createHandler("sweep", runSweep, deps())({}, lambdaContext(`ind-${++n}`));
    const toSlack = world.slack.messages().map((m) => /dev-\d\d/.exec(JSON.stringify(m))?.[0]);
    expect(toSlack).toEqual(users);
    expect(world.sns.published).toHaveLength(WINDOWS);
    for (const u of users) expect((await storedHead(world, table, keyOf(u)))?.doc.current.reported).toBe(1);
  }, 60_000);
});
