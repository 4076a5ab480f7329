// One Publish, a message per protocol: e-mail readers get text, programs the alert JSON, a
// topic that AWS Chatbot reads gets Chatbot's custom-notification JSON on default/https.
import { describe, expect, it } from "vitest";
import { readSinkSettings } from "../../../shared/sinks/index.ts";
import { chatbotNotification } from "../../../shared/sinks/chatbot.ts";
import { buildSnsPublish, MESSAGE_MAX_BYTES, snsMessages } from "../../../shared/sinks/sns.ts";
import type { Delivery } from "../../../shared/sinks/sink.ts";
import type { Alert } from "../../../shared/types.ts";

const alert: Alert = {
  rule: "cninodes-forbidden",
  severity: "high",
  title: "The VPC resource controller is forbidden to patch CNINode objects — 600 denials on 20 nodes",
  cluster: "pay-prod-1",
  account: "444455556666",
  region: "eu-central-1",
  dedupKey: "444455556666|eu-central-1|cninodes-forbidden|pay-prod-1",
  count: 600,
  firstSeen: "2026-03-01T02:00:00.000Z",
  lastSeen: "2026-03-01T02:40:00.000Z",
  facts: { nodeCount: 20 },
  knownIssues: ["vpc-cni-2926"],
  remediation: "- **Fix (lasting):** upgrade the control plane to 1.30\n\n```sh\naws eks update-cluster-version --name pay-prod-1 --kubernetes-version 1.30\n```",
  references: ["https://github.com/aws/amazon-vpc-cni-k8s/issues/2926"],
  samples: ["a1"],
};
const open: Delivery = { alert, kind: "open", previouslyReported: 0 };
const ARN = "arn:aws:sns:eu-central-1:444455556666:alerts";
const HOSTILE = "evil\u202e <!channel> @here https://evil.example/x `rm -rf` www.evil.example\nSubject: forged";

describe("per-protocol SNS messages", () => {
  it("mails readable text: summary, what to do, references; no JSON, no Markdown fences", () => {
    const { email } = snsMessages(open);
    expect(email.split("\n").slice(0, 4)).toEqual([alert.title, "", "Severity:  high", "Rule:      cninodes-forbidden"]);
    expect(email).toContain("What to do\n----------\n");
    expect(email).toContain("aws eks update-cluster-version --name pay-prod-1 --kubernetes-version 1.30");
    expect(email).toContain("  https://github.com/aws/amazon-vpc-cni-k8s/issues/2926");
    expect(email).not.toMatch(/```|"dedupKey"/);
  });

  it("says why an update is sent, first thing after the title", () => {
    const { email } = snsMessages({ alert, kind: "update", previouslyReported: 1 });
    expect(email.split("\n")[2]).toBe("Window closed: 600 events (1 reported earlier)");
  });

  it("keeps event text inert in the mail: hidden characters shown, links defanged, one line", () => {
    const { email } = snsMessages({ ...open, alert: { ...alert, cluster: HOSTILE, title: HOSTILE } });
    expect(email).not.toMatch(/https:\/\/evil|www\.evil|\u202e/);
    expect(email).toContain("evil<U+202E> <!channel> @here hxxps[:]//evil[.]example/x");
    expect(email).not.toMatch(/\nSubject: forged/);
  });

  it("gives a Chatbot topic Chatbot's format on default and https, the alert JSON to programs", () => {
    const input = buildSnsPublish(open, ARN, "chatbot");
    const env = JSON.parse(input.Message!) as Record<string, string>;
    expect(Object.keys(env).sort()).toEqual(["default", "email", "email-json", "https", "lambda", "sqs"]);
    expect(env.https).toBe(env.default);
    for (const p of ["sqs", "lambda", "email-json"]) expect(JSON.parse(env[p]!)).toEqual(alert);
    const chat = JSON.parse(env.default!);
    expect([chat.version, chat.source, chat.content.textType]).toEqual(["1.0", "custom", "client-markdown"]);
    expect(chat.content.title).toBe(":large_orange_circle: HIGH · cninodes-forbidden · pay-prod-1");
    expect(chat.content.description).toContain("aws eks update-cluster-version --name pay-prod-1");
    expect(chat.content.description).toContain("<https://github.com/aws/amazon-vpc-cni-k8s/issues/2926>");
    expect(chat.content.keywords).toEqual(["high", "cninodes-forbidden", "pay-prod-1"]);
    expect(input.MessageAttributes?.severity).toEqual({ DataType: "String", StringValue: "high" });
  });

  it("threads a window's update under its opening message in Chatbot", () => {
    const first = chatbotNotification(open);
    const update = chatbotNotification({ alert: { ...alert, count: 900 }, kind: "update", previouslyReported: 600 });
    expect(update.metadata.threadId).toBe(first.metadata.threadId);
    expect(update.id).not.toBe(first.id);
    expect(update.content.description.split("\n")[0]).toBe("**Window closed: 900 events (600 reported earlier)**");
    const next = chatbotNotification({ ...open, alert: { ...alert, firstSeen: "2026-03-01T03:00:00.000Z" } });
    expect(next.metadata.threadId).not.toBe(first.metadata.threadId);
  });

  it("makes no mention, link or formatting from event text in Chatbot's Markdown", () => {
    const chat = chatbotNotification({ ...open, alert: { ...alert, cluster: HOSTILE, title: HOSTILE } });
    const text = JSON.stringify(chat.content);
    expect(text).not.toMatch(/https:\/\/evil|www\.evil|\u202e|@here|(?<!\\)<!channel>|(?<!\\)`rm/);
    expect(chat.content.title).toContain("evil\\<U+202E\\>");
  });

  it.each(["alert", "chatbot"] as const)("%s topic: the whole envelope fits SNS whatever the alert holds", (format) => {
    const huge = "Ω".repeat(300_000);
    const big: Alert = { ...alert, title: huge, cluster: huge, facts: { blob: huge }, remediation: huge, samples: [huge] };
    const input = buildSnsPublish({ alert: big, kind: "open", previouslyReported: 0 }, ARN, format);
    expect(Buffer.byteLength(input.Message!)).toBeLessThanOrEqual(MESSAGE_MAX_BYTES);
    const env = JSON.parse(input.Message!) as Record<string, string>;
    const json = JSON.parse(format === "alert" ? env.default! : env.sqs!) as Alert;
    expect([json.rule, json.count, json.facts]).toEqual([alert.rule, 600, { truncated: true }]);
    expect(env.email).toContain("cut to fit an SNS message");
    if (format === "chatbot") expect(JSON.parse(env.default!).source).toBe("custom");
  });

  it("reads SNS_FORMAT per topic: alert by default, chatbot on request, anything else refused", () => {
    expect(readSinkSettings({ ALERT_TOPIC_ARN: ARN }).sns?.format).toBe("alert");
    expect(readSinkSettings({ ALERT_TOPIC_ARN: ARN, SNS_FORMAT: "Chatbot" }).sns?.format).toBe("chatbot");
    expect(() => readSinkSettings({ ALERT_TOPIC_ARN: ARN, SNS_FORMAT: "slack" })).toThrow(/SNS_FORMAT: "slack" is not one of alert, chatbot/);
  });
});
