import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../shared/errors.ts";
import { readSinkSettings, sinksFromEnv } from "../../../shared/sinks/index.ts";
import { buildSnsPublish, MESSAGE_MAX_BYTES, snsSubject } from "../../../shared/sinks/sns.ts";

/** The messages of a structured Publish, by protocol key. */
const envelope = (input: { Message?: string }): Record<string, string> => JSON.parse(input.Message!) as Record<string, string>;
import type { Alert } from "../../../shared/types.ts";

const base: Alert = {
  rule: "eni-unauthorized",
  severity: "high",
  title: "The VPC CNI is calling EC2 with the node's instance role and is denied — 50 calls",
  cluster: "orders-prod",
  account: "444455556666",
  region: "eu-central-1",
  dedupKey: "444455556666|eu-central-1|eni-unauthorized|arn:aws:iam::444455556666:role/orders-prod-ng-role",
  count: 50,
  firstSeen: "2026-03-01T02:00:00.000Z",
  lastSeen: "2026-03-01T02:25:00.000Z",
  facts: { identityPath: "node-role" },
  knownIssues: [],
  remediation: "- **Fix:** `aws eks update-addon …`",
  references: [],
  samples: ["e1"],
};
const ARN = "arn:aws:sns:eu-central-1:444455556666:cni-auditor-alerts";

describe("buildSnsPublish", () => {
  it("carries the contract alert JSON and filterable attributes", () => {
    const input = buildSnsPublish({ alert: base, kind: "open", previouslyReported: 0 }, ARN);
    expect(input.TopicArn).toBe(ARN);
    expect(input.MessageStructure).toBe("json");
    expect(Object.keys(envelope(input))).toEqual(["default", "email"]);
    expect(JSON.parse(envelope(input).default!)).toEqual(base);
    expect(input.MessageAttributes).toEqual({
      rule: { DataType: "String", StringValue: "eni-unauthorized" },
      severity: { DataType: "String", StringValue: "high" },
      kind: { DataType: "String", StringValue: "open" },
      cluster: { DataType: "String", StringValue: "orders-prod" },
    });
    expect(input.Subject).toBe("[HIGH] eni-unauthorized orders-prod: The VPC CNI is calling EC2 with the node's instance role an...");
    expect(input.Subject).toHaveLength(99);
  });

  it("keeps the subject within SNS rules whatever the title holds", () => {
    const title = "line one\nline two\t— «ünïcödé» 🚨 <!channel> " + "x".repeat(300);
    const s = snsSubject({ alert: { ...base, title, cluster: null }, kind: "update", previouslyReported: 3 });
    expect(s).toMatch(/^[\x20-\x7e]{1,99}$/);
    expect(s.startsWith("[HIGH] update: eni-unauthorized unknown-cluster: line one line two - unicode <!channel> x")).toBe(true);
  });

  it("stays valid JSON under the SNS size limit with hostile or huge values", () => {
    const facts = { blob: "\u0000\"}{\\".repeat(10) + "z".repeat(400_000), nodes: ["\u2028", "\ud800"] };
    const input = buildSnsPublish({ alert: { ...base, facts }, kind: "open", previouslyReported: 0 }, ARN);
    expect(Buffer.byteLength(input.Message!)).toBeLessThanOrEqual(MESSAGE_MAX_BYTES);
    const parsed = JSON.parse(envelope(input).default!) as Alert;
    expect([parsed.rule, parsed.count, parsed.facts]).toEqual(["eni-unauthorized", 50, { truncated: true }]);
    expect(input.MessageAttributes?.cluster).toBeDefined();
  });
});

describe("sink settings", () => {
  it("builds the configured sinks with their minimum severities", () => {
    const sinks = sinksFromEnv({ SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T/B/x", ALERT_TOPIC_ARN: ARN, SLACK_MIN_SEVERITY: "HIGH" });
    expect(sinks.map((s) => [s.name, s.minSeverity])).toEqual([
      ["slack", "high"],
      ["sns", "info"],
    ]);
    expect(sinksFromEnv({ SLACK_WEBHOOK_URL: " ", ALERT_TOPIC_ARN: "" })).toEqual([]);
  });

  it("rejects bad settings with a ConfigError that never echoes the webhook URL", () => {
    const secret = "http://hooks.slack.com/services/T/B/TOPSECRET";
    expect(() => readSinkSettings({ SLACK_WEBHOOK_URL: secret })).toThrow(ConfigError);
    try {
      readSinkSettings({ SLACK_WEBHOOK_URL: secret });
    } catch (e) {
      expect((e as Error).message).not.toContain("TOPSECRET");
    }
    expect(() => readSinkSettings({ SLACK_WEBHOOK_URL: "not a url TOPSECRET" })).toThrow(/SLACK_WEBHOOK_URL is not a URL$/);
    expect(() => readSinkSettings({ ALERT_TOPIC_ARN: "arn:aws:sqs:eu-west-1:1:q" })).toThrow(/ALERT_TOPIC_ARN/);
    expect(() => readSinkSettings({ SNS_MIN_SEVERITY: "urgent", ALERT_TOPIC_ARN: ARN })).toThrow(/SNS_MIN_SEVERITY/);
    expect(readSinkSettings({ SLACK_WEBHOOK_URL: "http://127.0.0.1:8080/services/x" }).slack?.webhookUrl).toBe("http://127.0.0.1:8080/services/x");
  });
});
