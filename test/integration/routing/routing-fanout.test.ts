// Routing on the wire: named sinks from the settings (two Slack webhooks, two SNS topics), routes
// fanning alerts out by rule and cluster, each sink keeping its own delivery state in dynalite.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../../shared/errors.ts";
import { createHandler } from "../../../functions/lambda/handler.ts";
import { runAuditLogs, runSweep } from "../../../functions/lambda/runs.ts";
import type { Clock } from "../../../shared/delivery/clock.ts";
import type { Alert } from "../../../shared/types.ts";
import { awsNodePatched, cninodesDenied, subscriptionEvent } from "../../fixtures/lambda/events.ts";
import { snsError, startSlackPeer, type SlackPeer } from "../../helpers/peers/index.ts";
import { clientsFor, lambdaContext, lambdaEnv, storedHead, useWorld, type World } from "../lambda/harness.ts";

const T = Date.parse("2026-03-01T02:00:00Z");
const PAGER = "arn:aws:sns:eu-west-1:444455556666:cni-auditor-test-pager";
const AUDIT = "arn:aws:sns:eu-west-1:444455556666:cni-auditor-test-audit";
let world: World;
let security: SlackPeer;
let table: string;
let n = 0;

useWorld((w) => void (world = w));
beforeAll(async () => void (security = await startSlackPeer()));
afterAll(async () => security.close());
beforeEach(async () => {
  table = await world.dynamo.createTable();
  for (const peer of [world.slack, security]) peer.requests.length = 0;
  world.sns.published.length = 0;
  world.sns.queue.length = 0;
});

const settings = (routes: unknown[]) => ({
  sinks: {
    "slack:platform": { SLACK_WEBHOOK_URL: world.slack.webhookUrl, SLACK_MIN_SEVERITY: "info" },
    "slack:security": { SLACK_WEBHOOK_URL: security.webhookUrl, SLACK_MIN_SEVERITY: "info" },
    "sns:pager": { ALERT_TOPIC_ARN: PAGER },
    "sns:audit": { ALERT_TOPIC_ARN: AUDIT },
  },
  routes,
});
const ROUTES = [
  { name: "cni rbac", match: { rules: ["cninodes-forbidden"], clusters: ["pay-*"] }, to: ["slack:platform", "sns:pager"], continue: true },
  { match: { rules: ["aws-node-modified"] }, to: ["slack:security"] },
  { match: {}, to: ["sns:audit"] },
];
const envOf = (config: object) => lambdaEnv(world, table, { SLACK_WEBHOOK_URL: "", ALERT_TOPIC_ARN: "", AUDITOR_CONFIG: JSON.stringify(config) });
const handler = (config: object, clock?: Clock) =>
  createHandler("audit-logs", runAuditLogs, { env: envOf(config), clients: clientsFor(world), ...(clock ? { clock } : {}) });
const invoke = (h: ReturnType<typeof handler>, event: unknown) => h(event, lambdaContext(`req-${++n}`));
const topics = () => world.sns.published.map((p) => [p.topicArn, (JSON.parse(p.message) as Alert).rule]);

describe("routes fan alerts out to named sinks", () => {
  it("first match wins, `continue` adds later matches, and each sink gets only its alerts", async () => {
    const h = handler(settings(ROUTES));
    await invoke(h, subscriptionEvent([cninodesDenied(T, 1), awsNodePatched(T + 1000, 2, "kubernetes-admin")]));
    // cninodes-forbidden: route 1 (continue) + route 3; aws-node-modified: route 2 only (final).
    expect(world.slack.messages()).toHaveLength(1);
    expect(world.slack.messages()[0]!.text).toContain("cninodes");
    expect(security.messages()).toHaveLength(1);
    expect(security.messages()[0]!.text).toMatch(/aws-node/);
    expect(topics().sort()).toEqual([[AUDIT, "cninodes-forbidden"], [PAGER, "cninodes-forbidden"]]);
  });

  it("no routes: every alert to every named sink", async () => {
    await invoke(handler(settings([])), subscriptionEvent([cninodesDenied(T, 1)]));
    expect(world.slack.messages()).toHaveLength(1);
    expect(security.messages()).toHaveLength(1);
    expect(topics().map(([t]) => t).sort()).toEqual([AUDIT, PAGER]);
  });

  it("a failing routed sink keeps its own pending state; the others are marked sent and not repeated", async () => {
    world.sns.queue.push(snsError(400, "InvalidParameter")); // not retryable: fails at once
    const h = handler(settings([{ match: {}, to: ["sns:pager", "slack:platform"] }]));
    const event = subscriptionEvent([cninodesDenied(T, 1)]);
    await expect(invoke(h, event)).rejects.toThrow(/sns:pager/);
    expect(world.slack.messages()).toHaveLength(1);
    expect(security.messages()).toHaveLength(0);
    await invoke(h, event); // the retry: SNS now answers
    expect(world.slack.messages()).toHaveLength(1);
    expect(world.sns.published.map((p) => p.topicArn)).toEqual([PAGER]);
    const alert = JSON.parse(world.sns.published[0]!.message) as Alert;
    const head = await storedHead(world, table, alert.dedupKey);
    expect(head?.doc.current.sent).toEqual({ "sns:pager": 1, "slack:platform": 1 });
    expect(head?.doc.current.reported).toBe(1);
  });

  it("a route naming an unconfigured sink fails every invocation with a ConfigError", async () => {
    const h = handler(settings([{ match: {}, to: ["slack:nowhere"] }]));
    await expect(invoke(h, subscriptionEvent([cninodesDenied(T, 1)]))).rejects.toBeInstanceOf(ConfigError);
    expect(world.slack.messages()).toHaveLength(0);
  });

  it("sendResolved: the sweep sends one resolved message with the final count to the asking route's sinks, once", async () => {
    let now = T;
    const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) };
    const config = settings([{ match: {}, to: ["slack:platform"], sendResolved: true, continue: true }, { match: {}, to: ["sns:pager"] }]);
    const h = handler(config, clock);
    await invoke(h, subscriptionEvent([cninodesDenied(T, 1)]));
    await invoke(h, subscriptionEvent([cninodesDenied(T + 60_000, 2)], { first: 2 }));
    const sweep = createHandler("sweep", runSweep, { env: envOf(config), clients: clientsFor(world), clock });
    now = T + 30 * 60_000;
    await sweep({}, lambdaContext(`sweep-${++n}`));
    expect(world.slack.messages()).toHaveLength(1); // still inside the quiet window
    now = T + 61 * 60_000 + 3_600_000;
    await sweep({}, lambdaContext(`sweep-${++n}`));
    await sweep({}, lambdaContext(`sweep-${++n}`));
    const texts = world.slack.messages().map((m) => m.text);
    expect(texts).toHaveLength(2);
    expect(texts[1]).toContain("Resolved: no events for a whole window since the last one: 2 events in all");
    // SNS has no sendResolved: it got the window-closed update with the true count, nothing more.
    expect(world.sns.published.map((p) => (JSON.parse(p.message) as Alert).count)).toEqual([1, 2]);
    const head = await storedHead(world, table, (JSON.parse(world.sns.published[0]!.message) as Alert).dedupKey);
    expect(head?.doc.current.resolve).toEqual({ "slack:platform": true });
  });

  it("sendResolved on an SNS topic: the resolved message carries kind=resolved for filter policies, and says Resolved", async () => {
    let now = T;
    const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) };
    const config = settings([{ match: {}, to: ["sns:pager"], sendResolved: true }]);
    const h = handler(config, clock);
    await invoke(h, subscriptionEvent([cninodesDenied(T, 1)]));
    const sweep = createHandler("sweep", runSweep, { env: envOf(config), clients: clientsFor(world), clock });
    now = T + 3_600_000 + 60_000;
    await sweep({}, lambdaContext(`sweep-${++n}`));
    await sweep({}, lambdaContext(`sweep-${++n}`));
    const kinds = world.sns.published.map((p) => p.attributes.kind?.value);
    expect(kinds).toEqual(["open", "resolved"]);
    const last = world.sns.published[1]!;
    expect(last.topicArn).toBe(PAGER);
    expect(last.subject).toMatch(/^\[[A-Z]+\] resolved: cninodes-forbidden /);
    expect(last.delivered.email).toContain("Resolved: no events for a whole window since the last one: 1 events in all");
    expect((JSON.parse(last.message) as Alert).count).toBe(1);
  });
});
