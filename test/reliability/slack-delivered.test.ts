// "Delivered" means Slack took the message: a 200 whose body is not `ok` (`invalid_payload`, a
// proxy's HTML page) or a redirect is a failed send. The alert stays pending, the redirect is
// never followed, and a later invocation sends it again. Real handler, dynalite, loopback Slack.
import { beforeEach, describe, expect, it } from "vitest";
import { createHandler } from "../../functions/lambda/handler.ts";
import { runAuditLogs } from "../../functions/lambda/runs.ts";
import { cninodesDenied, subscriptionEvent } from "../fixtures/lambda/events.ts";
import { clientsFor, lambdaContext, lambdaEnv, storedHead, type World, useWorld } from "../integration/lambda/harness.ts";

const T = Date.parse("2026-03-01T02:00:00Z");
const KEY = "444455556666|eu-west-1|cninodes-forbidden|pay-prod-1";
let world: World;
let table: string;
let n = 0;

useWorld((w) => (world = w));
beforeEach(async () => {
  table = await world.dynamo.createTable("delivered");
  world.slack.requests.length = 0;
  world.slack.queue.length = 0;
  world.sns.published.length = 0;
});

const invoke = (event: unknown) =>
  createHandler("audit-logs", runAuditLogs, { env: lambdaEnv(world, table), clients: clientsFor(world) })(event, lambdaContext(`delivered-${++n}`));
const payload = subscriptionEvent([cninodesDenied(T, 1), cninodesDenied(T + 1000, 2)]);

describe("Slack answers that took nothing", () => {
  it.each([
    ["200 invalid_payload", { status: 200, body: "invalid_payload" }],
    ["200 with an HTML page", { status: 200, headers: { "content-type": "text/html" }, body: "<html><body>Please log in</body></html>" }],
    ["200 with an empty body", { status: 200, body: "" }],
  ])("%s: the send failed, the alert stays pending for Slack and goes out on the next attempt", async (_name, answer) => {
    world.slack.queue.push(answer);
    await expect(invoke(payload)).rejects.toThrow(/stay pending.*slack/);
    let head = await storedHead(world, table, KEY);
    expect(head?.doc.current.sent.slack ?? 0).toBe(0);
    expect(head?.doc.current.sent.sns).toBe(2);
    await invoke(payload); // Lambda's retry
    head = await storedHead(world, table, KEY);
    expect(head?.doc.current.sent.slack).toBe(2);
    expect(world.slack.requests.map((r) => r.status)).toEqual([200, 200]);
    expect(world.sns.published).toHaveLength(1);
  });

  it.each([301, 302, 307, 308])("a %i redirect is not followed and counts as a failed send", async (status) => {
    const elsewhere = `${world.slack.url}/elsewhere/collect`;
    world.slack.queue.push({ status, headers: { location: elsewhere }, body: "moved" });
    await expect(invoke(payload)).rejects.toThrow(/stay pending.*slack: redirect/);
    expect(world.slack.requests.map((r) => r.path)).not.toContain("/elsewhere/collect");
    expect((await storedHead(world, table, KEY))?.doc.current.sent.slack ?? 0).toBe(0);
    await invoke(payload);
    expect((await storedHead(world, table, KEY))?.doc.current.sent.slack).toBe(2);
    expect(world.slack.requests.every((r) => !r.path.startsWith("/elsewhere"))).toBe(true);
  });
});
