// The sinks' settings from their descriptors (shared/sinks/*-descriptor.ts): the Slack webhook
// by URL or by SSM parameter, and messages that name the variable, never the secret.
import { describe, expect, it } from "vitest";
import { parseAuditorSettings } from "../../../shared/settings.ts";
import { createSinks, readSinkSettings, SINK_NAMES } from "../../../shared/sinks/index.ts";
import type { Delivery } from "../../../shared/sinks/index.ts";
import type { Alert } from "../../../shared/types.ts";

const alert: Alert = {
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
const delivery: Delivery = { alert, kind: "open", previouslyReported: 0 };

describe("sink descriptors", () => {
  it("one table row per sink", () => {
    expect(SINK_NAMES).toEqual(["slack", "sns", "securityhub"]);
  });

  it("reads the Slack webhook by parameter name; both ways at once is an error", () => {
    expect(readSinkSettings({ SLACK_WEBHOOK_PARAMETER: "/cni-auditor/prod/slack", SLACK_MIN_SEVERITY: "High" }).slack).toEqual({
      webhookParameter: "/cni-auditor/prod/slack",
      minSeverity: "high",
    });
    expect(() => readSinkSettings({ SLACK_WEBHOOK_PARAMETER: "/a", SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/SECRET" })).toThrow(
      /^SLACK_WEBHOOK_URL and SLACK_WEBHOOK_PARAMETER are both set: keep one$/,
    );
    expect(() => readSinkSettings({ SLACK_WEBHOOK_PARAMETER: "no spaces" })).toThrow(/^SLACK_WEBHOOK_PARAMETER is not an SSM parameter name$/);
  });

  it("a parameter sink reads the URL at send time and never shows it", async () => {
    const settings = readSinkSettings({ SLACK_WEBHOOK_PARAMETER: "/p" });
    expect(() => createSinks(settings, {})).toThrow(/reads no secrets/);
    const posted: string[] = [];
    const fetch = (async (url: string) => {
      posted.push(url);
      return new Response("ok");
    }) as unknown as typeof globalThis.fetch;
    const [slack] = createSinks(settings, { fetch, readSecret: async (name) => (name === "/p" ? "https://hooks.slack.com/services/T/B/SECRET" : "") });
    await expect(slack!.send(delivery)).resolves.toBeUndefined();
    expect(posted).toEqual(["https://hooks.slack.com/services/T/B/SECRET"]);
    const [bad] = createSinks(settings, { fetch, readSecret: async () => "http://hooks.slack.com/services/T/B/SECRET" });
    const err = await bad!.send(delivery).catch((e: Error) => e);
    expect(err).toMatchObject({ name: "SinkDeliveryError", message: "slack: webhook parameter /p: its value must be an https URL", retryable: false });
    expect(String((err as Error).message)).not.toContain("SECRET");
  });

  it("settings messages name the key", () => {
    expect(() => parseAuditorSettings('{"windwo":"1h"}', "AUDITOR_CONFIG")).toThrow(/^AUDITOR_CONFIG: unknown setting "windwo" \(known: window/);
    expect(() => parseAuditorSettings('{"disabledRules":["nope"]}', "AUDITOR_CONFIG")).toThrow(/^AUDITOR_CONFIG: unknown rule id "nope" \(known: /);
    expect(() => parseAuditorSettings('{"allow":{"x":["a"]}}', "cfg")).toThrow(/^cfg: unknown rule id "x"/);
    expect(() => parseAuditorSettings('{"window":"soon"}', "cfg")).toThrow(/^cfg: window: "soon" is not a duration/);
    expect(() => parseAuditorSettings('{"cniRoleArns":[1]}', "cfg")).toThrow(/^cfg: cniRoleArns\[0\] must be a non-empty string$/);
  });
});
