// The event handlers end to end, in-process, on the wire: the real DynamoDB client on dynalite,
// the real SNS client and the Slack sink against loopback servers. Each `createHandler` call is
// one Lambda container; parallel invocations use separate containers, as Lambda does.
import { beforeEach, describe, expect, it } from "vitest";
import type { Clock } from "../../../shared/delivery/clock.ts";
import { ConfigError, StoreError } from "../../../shared/errors.ts";
import { SAFETY_MARGIN_MS } from "../../../functions/lambda/batch.ts";
import { createHandler } from "../../../functions/lambda/handler.ts";
import { runAuditLogs, runCloudTrail, runSweep } from "../../../functions/lambda/runs.ts";
import type { Alert } from "../../../shared/types.ts";
import { addonUpdated, awsNodePatched, cninodesDenied, subscriptionEvent } from "../../fixtures/lambda/events.ts";
import { snsError } from "../../helpers/peers/index.ts";
import { clientsFor, lambdaContext, lambdaEnv, storedHead, type CapturedOutput, type World, useWorld } from "./harness.ts";

const T = Date.parse("2026-03-01T02:00:00Z");
const MIN = 60_000;
let world: World;
let table: string;
let output: CapturedOutput;
let invocation = 0;

useWorld((w, o) => {
  world = w;
  output = o;
});
beforeEach(async () => {
  table = await world.dynamo.createTable();
  world.slack.requests.length = 0;
  world.slack.queue.length = 0;
  world.sns.requests.length = 0;
  world.sns.published.length = 0;
  world.sns.queue.length = 0;
});

type Env = Record<string, string>;
const auditLogs = (env: Env = lambdaEnv(world, table), deps: { clock?: Clock; dynamoEndpoint?: string } = {}) =>
  createHandler("audit-logs", runAuditLogs, { env, clients: clientsFor(world, deps.dynamoEndpoint), ...(deps.clock ? { clock: deps.clock } : {}) });
const invoke = (handler: ReturnType<typeof auditLogs>, event: unknown, remainingMs = 60_000) =>
  handler(event, lambdaContext(`req-${++invocation}`, remainingMs));
const snsAlerts = (): Alert[] => world.sns.published.map((p) => JSON.parse(p.message) as Alert);
/** Events `first..first+n-1` of the storm: one per second from minute `atMin`. */
const stormBatch = (first: number, n: number, atMin: number) =>
  subscriptionEvent(
    Array.from({ length: n }, (_, i) => cninodesDenied(T + atMin * MIN + i * 1000, first + i)),
    { first },
  );

describe("audit-logs handler", () => {
  it("20 parallel invocations with the same finding: one Slack message, one SNS publish, every event counted", async () => {
    const containers = Array.from({ length: 20 }, () => auditLogs());
    await Promise.all(containers.map((h, i) => invoke(h, stormBatch(i, 1, 0))));
    expect(world.slack.messages()).toHaveLength(1);
    expect(world.sns.published).toHaveLength(1);
    const alert = snsAlerts()[0]!;
    expect(alert.rule).toBe("cninodes-forbidden");
    const head = await storedHead(world, table, alert.dedupKey);
    expect(head?.doc.current.alert.count).toBe(20);
    // Each sink is delivered on its own (issue 15): each records the count it was sent, and the
    // window is reported at what every sink has.
    expect(head?.doc.current.sent.sns).toBe(alert.count);
    expect(head?.doc.current.reported).toBe(Math.min(head!.doc.current.sent.sns!, head!.doc.current.sent.slack!));
  });

  it("a payload delivered twice counts once and sends once", async () => {
    const h = auditLogs();
    const payload = stormBatch(0, 3, 0);
    await invoke(h, payload);
    await invoke(auditLogs(), payload);
    expect(world.slack.messages()).toHaveLength(1);
    const head = await storedHead(world, table, snsAlerts()[0]!.dedupKey);
    expect(head?.doc.current.alert.count).toBe(3);
  });

  it("a storm over many batches: one alert at the start, one update with the exact count from the next event", async () => {
    const h = auditLogs();
    for (let b = 0; b < 10; b++) await invoke(h, stormBatch(b * 5, 5, b * 5));
    expect(world.slack.messages()).toHaveLength(1);
    await invoke(h, stormBatch(1000, 1, 61));
    const counts = snsAlerts().map((a) => a.count);
    expect(counts).toEqual([5, 50, 1]);
    const texts = world.slack.messages().map((m) => m.text);
    expect(texts[1]).toContain("Window closed: 50 events (5 reported earlier)");
    expect(world.sns.published.map((p) => p.attributes.kind?.value)).toEqual(["open", "update", "open"]);
  });

  it("a storm that just stops: the sweep sends the update once the window has closed", async () => {
    let now = T + 2 * MIN;
    const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) };
    const h = auditLogs(lambdaEnv(world, table), { clock });
    for (let b = 0; b < 6; b++) await invoke(h, stormBatch(b * 4, 4, b * 8));
    const sweep = createHandler("sweep", runSweep, { env: lambdaEnv(world, table), clients: clientsFor(world), clock });
    now = T + 50 * MIN;
    await sweep({}, lambdaContext("sweep-1"));
    expect(snsAlerts().map((a) => a.count)).toEqual([4]);
    now = T + 61 * MIN;
    await sweep({}, lambdaContext("sweep-2"));
    await sweep({}, lambdaContext("sweep-3"));
    expect(snsAlerts().map((a) => a.count)).toEqual([4, 24]);
    expect(world.slack.messages().map((m) => m.text)[1]).toContain("Window closed: 24 events (4 reported earlier)");
  });

  it("Slack 429: waits Retry-After, then delivers once", async () => {
    world.slack.queue.push({ status: 429, headers: { "retry-after": "1" }, body: "rate_limited" });
    await invoke(auditLogs(), stormBatch(0, 2, 0));
    expect(world.slack.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(world.slack.messages()).toHaveLength(1);
    expect(world.sns.published).toHaveLength(1);
  });

  it("Slack 500 then 200: retried within the invocation, delivered once", async () => {
    world.slack.queue.push({ status: 500, body: "internal_error" }, { hangUp: true, status: 0 });
    await invoke(auditLogs(), stormBatch(0, 2, 0));
    expect(world.slack.requests.map((r) => r.status)).toEqual([500, 0, 200]);
    expect(world.slack.messages()).toHaveLength(1);
    expect(output.text()).toMatch(/"message":"sink failed, retrying".*"sink":"slack".*"reason":"slack: HTTP 500: internal_error"/);
  });

  it("SNS 500 throughout: the invocation fails, the alert stays pending, and the retry sends it to SNS only", async () => {
    world.sns.queue.push(...Array.from({ length: 50 }, () => snsError(500, "InternalError")));
    const payload = stormBatch(0, 2, 0);
    // 2 s for retries after the safety margin (issue 15 raised it above the longest request).
    await expect(invoke(auditLogs(), payload, SAFETY_MARGIN_MS + 2000)).rejects.toThrow(/stay pending.*sns/);
    expect(world.slack.messages()).toHaveLength(1);
    expect(world.sns.published).toHaveLength(0);
    expect(world.sns.requests.length).toBeGreaterThan(1);
    world.sns.queue.length = 0;
    await invoke(auditLogs(), payload); // Lambda's retry: same payload
    expect(world.slack.messages()).toHaveLength(1);
    expect(world.sns.published).toHaveLength(1);
    expect(snsAlerts()[0]!.count).toBe(2);
  });

  it("DynamoDB unreachable: the invocation fails and sends nothing; the retry delivers once", async () => {
    const payload = stormBatch(0, 2, 0);
    const dead = auditLogs(lambdaEnv(world, table), { dynamoEndpoint: "http://127.0.0.1:9" });
    await expect(invoke(dead, payload)).rejects.toBeInstanceOf(StoreError);
    expect(world.slack.requests).toHaveLength(0);
    expect(world.sns.requests).toHaveLength(0);
    await invoke(auditLogs(), payload);
    await invoke(auditLogs(), payload);
    expect(world.slack.messages()).toHaveLength(1);
    expect(snsAlerts().map((a) => a.count)).toEqual([2]);
  });

  it("hostile user names produce no Slack mention, link or formatting", async () => {
    const hostile = ["<!channel>", "<@U123>", "<https://evil|click>", "*bold*", "https://evil.example", "@here _x_ ~y~ `z`"];
    await invoke(auditLogs(), subscriptionEvent(hostile.map((u, i) => awsNodePatched(T + i * 1000, i, u))));
    const messages = world.slack.messages();
    expect(messages).toHaveLength(hostile.length);
    for (const m of messages) {
      const body = JSON.stringify(m);
      for (const bad of ["<!channel>", "<@U123>", "<https://evil", "https://evil.example", "evil.example", "@here"]) {
        expect(body).not.toContain(bad);
      }
      const mrkdwn = [m.text, ...collectMrkdwn(m.blocks)];
      for (const t of mrkdwn) {
        // Inside code spans and blocks Slack applies no formatting; outside, none may appear.
        const prose = t.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
        expect(prose).not.toMatch(/\*bold\*|_x_|~y~|`/);
        expect(t).not.toMatch(/<(?!https:\/\/(docs\.aws\.amazon\.com|github\.com|kubernetes\.io)\/)/);
      }
    }
    // SNS carries the same values as data: valid JSON, subject plain ASCII.
    for (const p of world.sns.published) {
      expect(hostile).toContain((JSON.parse(p.message) as Alert).facts.user);
      expect(p.subject).toMatch(/^[\x20-\x7e]{1,99}$/);
    }
  });

  it("counts and logs rejected records without failing, and never logs the payload", async () => {
    const bad = { awslogs: { data: "not base64 gzip!!" } };
    const before = output.text().length;
    await expect(invoke(auditLogs(), bad)).resolves.toMatchObject({ events: 0, rejected: 1 });
    const logged = output.text().slice(before);
    expect(logged).toMatch(/"message":"record rejected".*"reason":"awslogs.data is not valid base64"/);
    expect(logged).toMatch(/"Rejected"/);
    expect(logged).not.toContain("not base64 gzip!!");
  });

  it("invalid settings fail every invocation with a ConfigError that names the variable, not the secret", async () => {
    const secretish = "http://hooks.slack.example/services/T000/B000/SECRETSECRET";
    const h = auditLogs(lambdaEnv(world, table, { SLACK_WEBHOOK_URL: secretish }));
    await expect(invoke(h, stormBatch(0, 1, 0))).rejects.toThrow(ConfigError);
    await expect(invoke(h, stormBatch(0, 1, 0))).rejects.toThrow(/SLACK_WEBHOOK_URL must be an https URL/);
    await expect(invoke(auditLogs(lambdaEnv(world, table, { DEDUP_TABLE: "" })), {})).rejects.toThrow(/DEDUP_TABLE is required/);
    await expect(invoke(auditLogs(lambdaEnv(world, table, { ALERT_WINDOW: "soon" })), {})).rejects.toThrow(/ALERT_WINDOW/);
    await expect(invoke(auditLogs(lambdaEnv(world, table, { AUDITOR_CONFIG: '{"disabledRules":["nope"]}' })), {})).rejects.toThrow(
      /AUDITOR_CONFIG: unknown rule id "nope"/,
    );
    expect(output.text()).not.toContain("SECRETSECRET");
  });
});

describe("logs", () => {
  it("never contain the Slack webhook URL, whatever failed", async () => {
    world.slack.queue.push({ status: 404, body: "no_service" });
    await expect(invoke(auditLogs(), stormBatch(0, 1, 0))).rejects.toThrow(/slack: HTTP 404: no_service/);
    const logged = output.text();
    expect(logged).toMatch(/"level":"ERROR","message":"alert not delivered; it stays pending/);
    expect(logged).not.toContain(world.slack.secret);
    expect(logged).not.toContain(world.slack.webhookUrl);
  });
});

describe("cloudtrail handler", () => {
  it("remembers the add-on version across invocations (fromVersion)", async () => {
    const h = createHandler("cloudtrail", runCloudTrail, { env: lambdaEnv(world, table), clients: clientsFor(world) });
    await h(addonUpdated("1", T, "v1.19.3-eksbuild.1"), lambdaContext("ct-1"));
    await h(addonUpdated("2", T + 10 * MIN, "v1.19.5-eksbuild.1"), lambdaContext("ct-2"));
    await h(addonUpdated("2", T + 10 * MIN, "v1.19.5-eksbuild.1"), lambdaContext("ct-2"));
    const alerts = snsAlerts();
    expect(alerts.map((a) => [a.facts.fromVersion, a.facts.toVersion])).toEqual([
      [null, "v1.19.3-eksbuild.1"],
      ["v1.19.3-eksbuild.1", "v1.19.5-eksbuild.1"],
    ]);
  });
});

function collectMrkdwn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(collectMrkdwn);
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (o.type === "mrkdwn" && typeof o.text === "string") return [o.text];
    return Object.values(o).flatMap(collectMrkdwn);
  }
  return [];
}
