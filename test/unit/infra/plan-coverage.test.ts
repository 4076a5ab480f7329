// Coverage and names in the planned stack (Pulumi mocks): the CreateLogGroup rule, what the
// cloudtrail function may do with new cluster log groups, and the auditor's predictable names.
import { beforeAll, describe, expect, it } from "vitest";
import { loadInfraConfig } from "../../../infra/config.ts";
import { deployedTriggers } from "../../../infra/triggers.ts";
import { ACCOUNT, plan, REGION, inlineStatements, oneResource, type Plan, type PlannedResource } from "./sst-mocks.ts";

const config = loadInfraConfig("test", { CNI_AUDITOR_CLUSTERS: "prod-eu-1" });
let p: Plan;
beforeAll(async () => {
  const auditor = "../../../infra/auditor.ts";
  const { deployAuditor } = await import(/* @vite-ignore */ auditor);
  p = await plan("test", () => deployAuditor(config));
}, 300_000);

const one = (type: string, name: string): PlannedResource => oneResource(p, type, name);
const statements = inlineStatements;

describe("coverage: new cluster log groups", () => {
  it("an EventBridge rule on CloudTrail CreateLogGroup of /aws/eks/*/cluster, to the CloudTrail queue", () => {
    const rule = one("aws:cloudwatch/eventRule:EventRule", "CloudTrail-coverage-succeeded");
    expect(JSON.parse(rule.inputs.eventPattern)).toEqual({
      source: ["aws.logs"],
      "detail-type": ["AWS API Call via CloudTrail"],
      detail: {
        eventSource: ["logs.amazonaws.com"],
        eventName: ["CreateLogGroup"],
        errorCode: [{ exists: false }],
        requestParameters: { logGroupName: [{ wildcard: "/aws/eks/*/cluster" }] },
      },
    });
    expect(rule.inputs.state).toBe("ENABLED");
    expect(one("aws:cloudwatch/eventTarget:EventTarget", "CloudTrail-coverage-succeeded-Target").inputs.arn).toBe(one("aws:sqs/queue:Queue", "CloudTrailEvents").state.arn);
  });

  it("the cloudtrail function may subscribe cluster log groups only, with the deploy's filter name, pattern and destination", () => {
    const fn = one("aws:lambda/function:Function", "CloudTrailFunction");
    const env = fn.inputs.environment.variables;
    expect(env.COVERAGE_FILTER_NAME).toBe("cni-auditor-test");
    expect(env.COVERAGE_FILTER_PATTERN).toBe(deployedTriggers(config).filterPattern);
    expect(env.COVERAGE_DESTINATION_ARN).toBe(one("aws:lambda/function:Function", "AuditLogsFunction").state.arn);
    const subscribe = statements(one("aws:iam/role:Role", "CloudTrailRole")).filter((s) => s.Action.includes("logs:PutSubscriptionFilter"));
    expect(subscribe).toEqual([
      {
        Effect: "Allow",
        Action: ["logs:PutSubscriptionFilter"],
        Resource: [`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/eks/*/cluster`, `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/eks/*/cluster:*`],
      },
    ]);
    for (const other of ["AuditLogsRole", "SweepRole", "FleetReportRole"]) {
      expect(statements(one("aws:iam/role:Role", other)).flatMap((s) => s.Action)).not.toContain("logs:PutSubscriptionFilter");
    }
  });

  it("gives the auditor's EventBridge rules explicit cni-auditor-<stage>- names (auditor-tampered tells its own by them)", () => {
    const rules = p.resources.filter((r) => r.type === "aws:cloudwatch/eventRule:EventRule" && r.name.startsWith("CloudTrail-"));
    expect(rules.length).toBeGreaterThan(1);
    for (const r of rules) expect(r.inputs.name).toBe(`cni-auditor-test-${r.name}`.slice(0, 64));
  });

  it("names its queues and table cni-auditor-<stage>-… (the table is what `silence --stack` resolves)", () => {
    expect(one("aws:sqs/queue:Queue", "CloudTrailEvents").inputs.name).toBe("cni-auditor-test-cloudtrail-events");
    expect(one("aws:sqs/queue:Queue", "FailedEvents").inputs.name).toBe("cni-auditor-test-failed-events");
    expect(one("aws:dynamodb/table:Table", "DedupTableTable").inputs.name).toBe("cni-auditor-test-dedup");
  });
});
