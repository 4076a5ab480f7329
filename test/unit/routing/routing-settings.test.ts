import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../shared/errors.ts";
import { parseAuditorSettings } from "../../../shared/settings.ts";
import { descriptorVariables } from "../../../shared/routing/settings-schema.ts";
import { checkRoutes, createNamedSinks } from "../../../shared/routing/named-sinks.ts";

const parse = (o: unknown) => parseAuditorSettings(JSON.stringify(o), "cfg.json");
const PAGER = "arn:aws:sns:eu-west-1:111122223333:pager";

describe("routing settings", () => {
  it("reads named sinks with each descriptor's variables, and routes", () => {
    const s = parse({
      sinks: { "slack:platform": { SLACK_WEBHOOK_PARAMETER: "/cni-auditor/prod/slack/platform" }, "sns:pager": { ALERT_TOPIC_ARN: PAGER, SNS_MIN_SEVERITY: "high" } },
      routes: [{ match: { minSeverity: "high", clusters: ["prod-*"] }, to: ["sns:pager"], continue: true, sendResolved: true }],
    });
    expect(Object.keys(s.namedSinks!)).toEqual(["slack:platform", "sns:pager"]);
    expect(s.routes![0]!.sendResolved).toBe(true);
  });

  it.each([
    [{ sinks: { platform: { SLACK_WEBHOOK_URL: "https://hooks.slack.com/x" } } }, /not a sink name/],
    [{ sinks: { "teams:x": {} } }, /unknown sink type "teams"/],
    [{ sinks: { "slack:x": { SLACK_WEBHOOK_ULR: "https://hooks.slack.com/x" } } }, /unknown variable "SLACK_WEBHOOK_ULR"/],
    [{ sinks: { "slack:x": {} } }, /configures nothing/],
    [{ sinks: { "sns:x": { ALERT_TOPIC_ARN: "pager" } } }, /is not an SNS topic ARN/],
    [{ sinks: { "slack:x": { SLACK_WEBHOOK_URL: "http://example.com/hook" } } }, /must be an https URL/],
    [{ routes: [{ match: { severity: "high" }, to: ["sns"] }] }, /unknown match key "severity"/],
    [{ routes: [{ match: {}, to: [] }] }, /must name at least one sink/],
    [{ routes: [{ match: { minSeverity: "urgent" }, to: ["sns"] }] }, /must be one of critical/],
  ])("rejects %j", (o, message) => {
    expect(() => parse(o)).toThrow(ConfigError);
    expect(() => parse(o)).toThrow(message);
  });

  it("a webhook URL is never echoed in an error", () => {
    expect(() => parse({ sinks: { "slack:x": { SLACK_WEBHOOK_URL: "ftp://secret-token@x" } } })).toThrow(/^(?!.*secret-token)/s);
  });

  it("finds every descriptor's variables (unknown keys are typos, not silently ignored)", () => {
    expect(descriptorVariables("slack")).toContain("SLACK_WEBHOOK_PARAMETER");
    expect(descriptorVariables("sns")).toContain("ALERT_TOPIC_ARN");
  });

  it("named sinks are built by their descriptors and carry their own names; routes must name them", () => {
    const sinks = createNamedSinks({ "sns:pager": { ALERT_TOPIC_ARN: PAGER, SNS_MIN_SEVERITY: "high" } });
    expect(sinks.map((s) => [s.name, s.minSeverity])).toEqual([["sns:pager", "high"]]);
    expect(() => checkRoutes([{ match: {}, to: ["sns:pager"] }], sinks)).not.toThrow();
    expect(() => checkRoutes([{ match: {}, to: ["sns:pagr"] }], sinks)).toThrow(/sns:pagr/);
  });
});
