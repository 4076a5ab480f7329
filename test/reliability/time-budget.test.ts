// An invocation close to its timeout, with a slow Slack: it must stop taking new work while
// there is still time to record what it did, leave every window either reported or pending
// (lease given back), fail so Lambda retries, and the retry must finish the job with nothing
// sent twice. Time is virtual: the clock the handler reads moves only when the Slack peer
// "takes" its time, so nothing here depends on the machine's speed.
import type { Context } from "aws-lambda";
import { beforeEach, describe, expect, it } from "vitest";
import type { Clock } from "../../shared/delivery/clock.ts";
import { SAFETY_MARGIN_MS } from "../../functions/lambda/batch.ts";
import { createHandler } from "../../functions/lambda/handler.ts";
import { runAuditLogs } from "../../functions/lambda/runs.ts";
import { clientsFor, lambdaContext, lambdaEnv, storedHead, type CapturedOutput, type World, useWorld } from "../integration/lambda/harness.ts";
import { USERS } from "./load-events.ts";
import { awslogs, cwlPayload, seeds } from "./harness.ts";

const SLACK_TAKES_MS = 1000;
const WINDOWS = 10;

let world: World;
let table: string;
let output: CapturedOutput;
let now = Date.parse("2026-11-01T00:00:00Z");
/** Virtual time at which each Slack request arrived. */
const slackAt: number[] = [];
const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) };

useWorld((w, o) => {
  world = w;
  output = o;
});
beforeEach(async () => {
  table = await world.dynamo.createTable("budget");
  slackAt.length = 0;
});

/** Every Slack request costs SLACK_TAKES_MS of virtual time (fetch is wrapped, the wire is real). */
const slowFetch: typeof fetch = async (input, init) => {
  slackAt.push(now);
  const res = await fetch(input, init);
  now += SLACK_TAKES_MS;
  return res;
};

/** A Lambda context whose remaining time follows the virtual clock. */
function contextUntil(deadlineMs: number, id: string): Context {
  return { ...lambdaContext(id), getRemainingTimeInMillis: () => Math.max(0, deadlineMs - now) };
}

/** One payload whose findings open WINDOWS windows (aws-node patched by as many users). */
function payload() {
  const base = seeds()["aws-node-modified"].record;
  const users = Array.from({ length: WINDOWS }, (_, i) => `${USERS[i % USERS.length]}-${i}`);
  return awslogs(cwlPayload(users.map((u, i) => ({ ...base, auditID: `budget-${i}`, user: { username: u } }))));
}

const handler = () =>
  createHandler("audit-logs", runAuditLogs, { env: lambdaEnv(world, table), clients: clientsFor(world), fetch: slowFetch, clock });

describe("an invocation near its timeout with a slow Slack", () => {
  it("stops taking new windows before its deadline, leaves the rest pending, and the retry finishes with no repeat", async () => {
    const event = payload();
    const budget = SAFETY_MARGIN_MS + 2500;
    const start = now;
    const first = handler()(event, contextUntil(start + budget, "budget-1"));
    await expect(first).rejects.toThrow(/stay pending/);
    // No Slack send started once the time left was down to the safety margin.
    expect(slackAt.length).toBeGreaterThan(0);
    expect(slackAt.length).toBeLessThan(WINDOWS);
    for (const t of slackAt) expect(t - start).toBeLessThan(budget - SAFETY_MARGIN_MS);
    // The invocation ended within its budget: nothing was left half-done by a timeout.
    expect(now - start).toBeLessThanOrEqual(budget);

    // Each sink is delivered on its own (issue 15): SNS does not wait for the slow Slack. Every
    // window is consistent: no lease left behind; reported once every sink has it, else still owed.
    expect(output.text()).toMatch(/no time left in this invocation/);
    for (let i = 0; i < WINDOWS; i++) {
      const head = await storedHead(world, table, `111122223333|eu-west-1|aws-node-modified|demo-cluster|${USERS[i % USERS.length]}-${i}|daemonsets|aws-node`);
      const w = head!.doc.current;
      expect(w.alert.count).toBe(1);
      expect(w.lease).toBeUndefined();
      expect(Object.keys(w.leases ?? {})).toEqual([]);
      expect(w.reported).toBe(w.sent.slack === 1 && w.sent.sns === 1 ? 1 : 0);
    }
    expect(world.sns.published.length).toBeGreaterThanOrEqual(1);

    // Lambda retries the same payload with a fresh budget: the rest goes out, nothing twice.
    const retryStart = now;
    await handler()(event, contextUntil(retryStart + 60_000, "budget-2"));
    expect(world.slack.messages()).toHaveLength(WINDOWS);
    expect(world.sns.published).toHaveLength(WINDOWS);
    const all = world.sns.published.map((p) => JSON.parse(p.message).dedupKey as string);
    expect(new Set(all).size).toBe(WINDOWS);
    for (const key of all) {
      const head = await storedHead(world, table, key);
      expect(head?.doc.current.reported).toBe(1);
      expect(head?.doc.current.lease).toBeUndefined();
    }
    world.slack.requests.length = 0;
    world.sns.published.length = 0;
  });
});
