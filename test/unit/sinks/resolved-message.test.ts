// A "resolved" message (route `sendResolved`) travels as an update, but every sink tells it apart:
// SNS's `kind` attribute and subject say `resolved` (filter policies select on it), and the texts
// (Slack, e-mail, Chatbot) lead with the same "Resolved: …" line. Security Hub archives the finding.
import { describe, expect, it } from "vitest";
import { buildSecurityHubImport } from "../../../shared/sinks/securityhub.ts";
import { buildSlackPayload } from "../../../shared/sinks/slack.ts";
import { chatbotNotification } from "../../../shared/sinks/chatbot.ts";
import { buildSnsPublish } from "../../../shared/sinks/sns.ts";
import { messageKind, updateReason, type Delivery } from "../../../shared/sinks/sink.ts";
import type { Alert } from "../../../shared/types.ts";

const alert: Alert = {
  rule: "cninodes-forbidden",
  severity: "high",
  title: "The VPC resource controller is forbidden to patch CNINode objects",
  cluster: "pay-prod-1",
  account: "444455556666",
  region: "eu-central-1",
  dedupKey: "444455556666|eu-central-1|cninodes-forbidden|pay-prod-1",
  count: 7,
  firstSeen: "2026-03-01T02:00:00.000Z",
  lastSeen: "2026-03-01T02:40:00.000Z",
  facts: {},
  knownIssues: [],
  remediation: "- **Fix:** upgrade",
  references: [],
  samples: [],
};
const ARN = "arn:aws:sns:eu-central-1:444455556666:alerts";
const closed: Delivery = { alert, kind: "update", previouslyReported: 3 };
const resolved: Delivery = { alert, kind: "update", previouslyReported: 7, resolved: true };
const LINE = "Resolved: no events for a whole window since the last one: 7 events in all";
const messages = (d: Delivery, format: "alert" | "chatbot" = "alert") => JSON.parse(buildSnsPublish(d, ARN, format).Message!) as Record<string, string>;

describe("resolved messages", () => {
  it("SNS: kind attribute and subject say resolved; open and update stay as they were", () => {
    const kinds = [{ alert, kind: "open", previouslyReported: 0 } as Delivery, closed, resolved].map((d) => buildSnsPublish(d, ARN).MessageAttributes?.kind?.StringValue);
    expect(kinds).toEqual(["open", "update", "resolved"]);
    expect(buildSnsPublish(resolved, ARN).Subject).toMatch(/^\[HIGH\] resolved: cninodes-forbidden pay-prod-1: The VPC resource controller/);
    expect(buildSnsPublish(closed, ARN).Subject).toMatch(/^\[HIGH\] update: /);
    expect(messageKind(resolved)).toBe("resolved");
    expect(updateReason(resolved)).toBe(LINE);
  });

  it("e-mail, Slack and Chatbot lead with the same Resolved line", () => {
    expect(messages(resolved).email!.split("\n").slice(0, 3)).toEqual([alert.title, "", LINE]);
    const slack = buildSlackPayload(resolved);
    expect(JSON.stringify(slack.blocks[1])).toContain(`*${LINE}*`);
    expect(slack.text).toContain(`${LINE}. `);
    const chat = chatbotNotification(resolved);
    expect(chat.content.description.split("\n")[0]).toBe(`**${LINE}**`);
    expect(chat.metadata.additionalContext.kind).toBe("resolved");
    expect(JSON.parse(messages(resolved, "chatbot").default!).metadata.additionalContext.kind).toBe("resolved");
  });

  it("Chatbot: the resolved message has an id of its own even when its count equals the closing update's", () => {
    const close = chatbotNotification({ ...closed, previouslyReported: 3 });
    const done = chatbotNotification(resolved);
    expect(close.id).not.toBe(done.id);
    expect(done.id).toMatch(/-resolved-7$/);
    expect(done.metadata.threadId).toBe(close.metadata.threadId); // same window, same thread
  });

  it("Security Hub: the resolved message archives the finding", () => {
    const importer = { account: "444455556666", region: "eu-central-1" };
    const f = (d: Delivery) => (buildSecurityHubImport(d, importer).Findings![0] as { RecordState?: string }).RecordState;
    expect([f({ ...closed, risenFrom: "medium" }), f(resolved)]).toEqual(["ACTIVE", "ARCHIVED"]);
  });
});
