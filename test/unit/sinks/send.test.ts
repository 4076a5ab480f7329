// send() of each sink against a real HTTP server on loopback.
import { SNSClient } from "@aws-sdk/client-sns";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SinkDeliveryError } from "../../../shared/errors.ts";
import { SinkRateLimitedError } from "../../../shared/errors.ts";
import type { Delivery } from "../../../shared/sinks/sink.ts";
import { slackSink } from "../../../shared/sinks/slack.ts";
import { snsSink } from "../../../shared/sinks/sns.ts";
import type { Alert } from "../../../shared/types.ts";
import { FAKE_CREDENTIALS, snsError, startSlackPeer, startSnsPeer, type SlackPeer, type SnsPeer } from "../../helpers/peers/index.ts";

const alert: Alert = {
  rule: "addon-deleted",
  severity: "critical",
  title: "vpc-cni deleted",
  cluster: "edge-prod",
  account: "444455556666",
  region: "eu-central-1",
  dedupKey: "k",
  count: 1,
  firstSeen: "2026-03-01T02:00:00.000Z",
  lastSeen: "2026-03-01T02:00:00.000Z",
  facts: {},
  knownIssues: [],
  remediation: "- **Fix:** reinstall",
  references: [],
  samples: [],
};
const delivery: Delivery = { alert, kind: "open", previouslyReported: 0 };
const ARN = "arn:aws:sns:eu-central-1:444455556666:alerts";

let slack: SlackPeer;
let sns: SnsPeer;
beforeAll(async () => {
  [slack, sns] = await Promise.all([startSlackPeer(), startSnsPeer()]);
});
afterAll(async () => {
  await Promise.all([slack.close(), sns.close()]);
});
beforeEach(() => {
  slack.queue.length = 0;
  sns.queue.length = 0;
});

async function failure(p: Promise<unknown>): Promise<SinkDeliveryError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SinkDeliveryError);
  return e as SinkDeliveryError;
}

describe("slack send()", () => {
  const sink = () => slackSink({ webhookUrl: slack.webhookUrl, minSeverity: "info", timeoutMs: 2000 });

  it("posts the Block Kit JSON to the webhook", async () => {
    await sink().send(delivery);
    const last = slack.requests.at(-1)!;
    expect([last.method, last.headers["content-type"], last.status]).toEqual(["POST", "application/json; charset=utf-8", 200]);
    expect(slack.messages().at(-1)!.text).toContain("CRITICAL addon-deleted");
  });

  it("classifies Slack's answers without ever quoting the webhook URL", async () => {
    slack.queue.push({ status: 429, headers: { "retry-after": "30" }, body: "rate_limited" });
    const limited = await failure(sink().send(delivery));
    expect(limited).toBeInstanceOf(SinkRateLimitedError);
    expect([(limited as SinkRateLimitedError).retryAfterMs, limited.retryable]).toEqual([30_000, true]);
    slack.queue.push({ status: 503, body: "service_unavailable" });
    expect((await failure(sink().send(delivery))).retryable).toBe(true);
    slack.queue.push({ status: 404, body: "no_service" });
    const gone = await failure(sink().send(delivery));
    expect([gone.retryable, gone.message]).toEqual([false, "slack: HTTP 404: no_service"]);
    slack.queue.push({ status: 0, hangUp: true });
    const dropped = await failure(sink().send(delivery));
    expect(dropped.retryable).toBe(true);
    for (const e of [limited, gone, dropped]) expect(`${e.message} ${String(e.cause ?? "")}`).not.toContain(slack.secret);
  });

  it("gives up a request that hangs, as a retryable timeout", async () => {
    const hanging = slackSink({
      webhookUrl: slack.webhookUrl,
      minSeverity: "info",
      timeoutMs: 50,
      fetch: (_url, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason))),
    });
    const e = await failure(hanging.send(delivery));
    expect([e.message, e.retryable]).toEqual(["slack: request timed out", true]);
  });
});

describe("sns send()", () => {
  const sink = () =>
    snsSink({ topicArn: ARN, minSeverity: "info", client: new SNSClient({ endpoint: sns.url, region: "eu-central-1", credentials: FAKE_CREDENTIALS, maxAttempts: 1 }) });

  it("publishes through the real SDK client, Query protocol on the wire", async () => {
    await sink().send(delivery);
    const p = sns.published.at(-1)!;
    expect([p.topicArn, p.subject, p.attributes.severity]).toEqual([ARN, "[CRITICAL] addon-deleted edge-prod: vpc-cni deleted", { dataType: "String", value: "critical" }]);
    expect(p.structure).toBe("json");
    expect(JSON.parse(p.delivered.sqs)).toEqual(alert);
    expect(p.delivered.email).toMatch(/^vpc-cni deleted\n/);
  });

  it("a Chatbot topic: Chatbot's format for https/default, alert JSON for sqs/lambda/email-json, text for email", async () => {
    const client = new SNSClient({ endpoint: sns.url, region: "eu-central-1", credentials: FAKE_CREDENTIALS, maxAttempts: 1 });
    await snsSink({ topicArn: ARN, minSeverity: "info", client, format: "chatbot" }).send(delivery);
    const p = sns.published.at(-1)!;
    const chat = JSON.parse(p.delivered.https) as { version: string; source: string; content: { title: string } };
    expect([chat.version, chat.source, chat.content.title]).toEqual(["1.0", "custom", ":red_circle: CRITICAL · addon-deleted · edge-prod"]);
    expect(p.delivered.http).toBe(p.delivered.https);
    for (const proto of ["sqs", "lambda", "email-json"] as const) expect(JSON.parse(p.delivered[proto])).toEqual(alert);
    expect(p.delivered.email).toContain("What to do");
    expect(p.attributes.rule).toEqual({ dataType: "String", value: "addon-deleted" });
  });

  it("a huge alert is still taken by SNS, which refuses anything over 256 KiB", async () => {
    const huge = "Ω".repeat(400_000);
    for (const format of ["alert", "chatbot"] as const) {
      const client = new SNSClient({ endpoint: sns.url, region: "eu-central-1", credentials: FAKE_CREDENTIALS, maxAttempts: 1 });
      const big = { ...delivery, alert: { ...alert, title: huge, facts: { huge }, remediation: huge } };
      await snsSink({ topicArn: ARN, minSeverity: "info", client, format }).send(big);
      expect(JSON.parse(sns.published.at(-1)!.message).facts).toEqual({ truncated: true });
    }
  });

  it("marks 5xx and throttling retryable, a bad request not", async () => {
    sns.queue.push(snsError(500, "InternalError"));
    const e500 = await failure(sink().send(delivery));
    expect([e500.retryable, e500.message]).toEqual([true, "sns: Publish failed: InternalErrorException (HTTP 500)"]);
    sns.queue.push(snsError(400, "Throttling", "Rate exceeded"));
    expect((await failure(sink().send(delivery))).retryable).toBe(true);
    sns.queue.push(snsError(400, "InvalidParameter", "Invalid parameter: Subject"));
    expect((await failure(sink().send(delivery))).retryable).toBe(false);
    sns.queue.push(snsError(403, "AuthorizationError"));
    expect((await failure(sink().send(delivery))).retryable).toBe(false);
  });
});
