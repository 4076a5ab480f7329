// Named sinks in the planned stack: a topic per named SNS sink without one, each Slack sink's own
// SSM parameter, and the functions' IAM and AUDITOR_CONFIG following them.
import { beforeAll, describe, expect, it } from "vitest";
import { loadInfraConfig } from "../../../infra/config.ts";
import { ConfigError } from "../../../shared/errors.ts";
import { ACCOUNT, plan, REGION, inlineStatements, oneResource, type Plan, type PlannedResource } from "./sst-mocks.ts";

const ROUTING = {
  sinks: {
    "slack:platform": { SLACK_WEBHOOK_PARAMETER: "/cni-auditor/test/slack/platform" },
    "slack:security": { SLACK_WEBHOOK_PARAMETER: "/cni-auditor/test/slack/security", SLACK_MIN_SEVERITY: "high" },
    "sns:pager": { SNS_MIN_SEVERITY: "critical" },
  },
  routes: [{ match: { minSeverity: "critical" }, to: ["sns:pager"], continue: true }, { match: {}, to: ["slack:platform"] }],
};
const config = loadInfraConfig("test", { CNI_AUDITOR_CLUSTERS: "prod-eu-1", CNI_AUDITOR_ROUTING: JSON.stringify(ROUTING) });
let p: Plan;
beforeAll(async () => {
  const auditor = "../../../infra/auditor.ts";
  const { deployAuditor } = await import(/* @vite-ignore */ auditor);
  p = await plan("test", () => deployAuditor(config));
}, 300_000);

const one = (type: string, name: string): PlannedResource => oneResource(p, type, name);
const statements = inlineStatements;

describe("named sinks in the stack", () => {
  it("creates a topic for sns:pager, encrypted with the alert topic's key, named cni-auditor-<stage>-pager", () => {
    const topic = one("aws:sns/topic:Topic", "AlertTopic-pager");
    expect(topic.inputs.name).toBe("cni-auditor-test-pager");
    expect(topic.inputs.kmsMasterKeyId).toBe(one("aws:kms/key:Key", "AlertTopicKey").state.arn);
  });

  it("every sending function may publish to it and read each Slack sink's own parameter, and gets the settings with its ARN", () => {
    const pager = one("aws:sns/topic:Topic", "AlertTopic-pager").state.arn;
    for (const fn of ["AuditLogs", "CloudTrail", "Sweep"]) {
      const s = statements(one("aws:iam/role:Role", `${fn}Role`));
      expect(s.filter((x) => x.Action.includes("sns:Publish")).flatMap((x) => x.Resource)).toContain(pager);
      expect(s.filter((x) => x.Action.includes("ssm:GetParameter")).flatMap((x) => x.Resource).sort()).toEqual([
        `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/cni-auditor/test/slack/platform`,
        `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/cni-auditor/test/slack/security`,
      ]);
      const settings = JSON.parse(one("aws:lambda/function:Function", `${fn}Function`).inputs.environment.variables.AUDITOR_CONFIG);
      expect(settings.sinks["sns:pager"]).toEqual({ SNS_MIN_SEVERITY: "critical", ALERT_TOPIC_ARN: pager });
      expect(settings.routes).toEqual(ROUTING.routes);
    }
  });

  it("refuses a named Slack sink whose webhook is given as a value, and routes to unknown sinks", () => {
    const plain = { sinks: { "slack:x": { SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T/B/secret" } } };
    expect(() => loadInfraConfig("test", { CNI_AUDITOR_ROUTING: JSON.stringify(plain) })).toThrow(ConfigError);
    expect(() => loadInfraConfig("test", { CNI_AUDITOR_ROUTING: JSON.stringify(plain) })).not.toThrow(/secret$/);
    expect(() => loadInfraConfig("test", { CNI_AUDITOR_ROUTING: JSON.stringify({ routes: [{ match: {}, to: ["sns:nope"] }] }) })).toThrow(/sns:nope/);
  });
});
