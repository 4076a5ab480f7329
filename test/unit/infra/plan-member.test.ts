// A member stage under Pulumi mocks (sst-mocks.ts): only forwarding — the generated rules to the
// central bus through a role for that target, the clusters' log groups subscribed to the central
// account's destination in this region — and nothing of the auditor itself.
import { beforeAll, describe, expect, it } from "vitest";
import { loadInfraConfig, type StageSettings } from "../../../infra/config.ts";
import { deployedTriggers } from "../../../infra/triggers.ts";
import { ACCOUNT, plan, REGION, type Plan, type PlannedResource } from "./sst-mocks.ts";

const CENTRAL = "999988887777";
const stages: Record<string, StageSettings> = {
  "team-a-euw1": { mode: "member", clusters: ["team-a-1", "team-a-2"], central: { account: CENTRAL, region: "eu-central-1" } },
};
const config = loadInfraConfig("team-a-euw1", {}, stages);
const triggers = deployedTriggers(config);
const BUS = `arn:aws:events:eu-central-1:${CENTRAL}:event-bus/cni-auditor-central`;
// The destination in the member's own region (the mocked deploy region), in the central account.
const DESTINATION = `arn:aws:logs:${REGION}:${CENTRAL}:destination:cni-auditor-central`;

let p: Plan;
beforeAll(async () => {
  const auditor = "../../../infra/auditor.ts";
  const { deployAuditor } = await import(/* @vite-ignore */ auditor);
  p = await plan("team-a-euw1", () => deployAuditor(config));
}, 300_000);

const all = (type: string): PlannedResource[] => p.resources.filter((r) => r.type === type);
function one(type: string, name: string): PlannedResource {
  const found = p.resources.filter((r) => r.type === type && r.name === name);
  expect(found, `${type} ${name}`).toHaveLength(1);
  return found[0]!;
}
const statements = (json: string): any[] => JSON.parse(json).Statement;

describe("member stage", () => {
  it("holds only forwarding: no function, table, topic, bucket or schedule", () => {
    expect([...new Set(p.resources.map((r) => r.type))].filter((t) => t !== "pulumi:pulumi:Stack").sort()).toEqual([
      "aws:cloudwatch/eventRule:EventRule",
      "aws:cloudwatch/eventTarget:EventTarget",
      "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
      "aws:iam/role:Role",
      "aws:sqs/queue:Queue",
      "aws:sqs/queuePolicy:QueuePolicy",
    ]);
    expect(p.builds).toEqual([]);
  });

  it("forwards with the same generated rules and states (read-only events included) to the central bus, through the role", () => {
    const role = one("aws:iam/role:Role", "ForwardToCentralRole");
    const queue = one("aws:sqs/queue:Queue", "FailedEvents").state.arn;
    expect(all("aws:cloudwatch/eventRule:EventRule")).toHaveLength(triggers.eventRules.length);
    for (const g of triggers.eventRules) {
      const rule = one("aws:cloudwatch/eventRule:EventRule", `Forward-${g.name}`);
      expect(JSON.parse(rule.inputs.eventPattern)).toEqual(g.pattern);
      expect(rule.inputs.state).toBe(g.state);
      expect(rule.inputs.eventBusName).toBeUndefined();
      expect(one("aws:cloudwatch/eventTarget:EventTarget", `Forward-${g.name}-Target`).inputs).toMatchObject({
        rule: rule.state.name,
        arn: BUS,
        roleArn: role.state.arn,
        retryPolicy: { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 },
        deadLetterConfig: { arn: queue },
      });
    }
    expect(triggers.eventRules.map((g) => g.state)).toContain("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
  });

  it("the forwarding role: EventBridge for these rules in this account only, and PutEvents on the central bus only", () => {
    const role = one("aws:iam/role:Role", "ForwardToCentralRole");
    const [trust] = statements(role.inputs.assumeRolePolicy);
    expect(trust).toMatchObject({ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } });
    expect([...trust.Condition.ArnEquals["aws:SourceArn"]].sort()).toEqual(all("aws:cloudwatch/eventRule:EventRule").map((r) => r.state.arn).sort());
    expect(role.inputs.inlinePolicies.flatMap((x: { policy: string }) => statements(x.policy))).toEqual([{ Effect: "Allow", Action: "events:PutEvents", Resource: BUS }]);
    expect(role.inputs.managedPolicyArns ?? []).toEqual([]);
  });

  it("subscribes each cluster's audit log group to the central destination with the generated pattern, without a role", () => {
    const filters = all("aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter");
    expect(filters.map((f) => f.inputs.logGroup).sort()).toEqual(["/aws/eks/team-a-1/cluster", "/aws/eks/team-a-2/cluster"]);
    for (const f of filters) {
      expect(f.inputs).toEqual({ name: "cni-auditor-team-a-euw1", logGroup: f.inputs.logGroup, filterPattern: triggers.filterPattern, destinationArn: DESTINATION });
    }
  });

  it("what could not be forwarded dead-letters into its own queue, from these rules only", () => {
    const policy = statements(one("aws:sqs/queuePolicy:QueuePolicy", "FailedEventsFromEventRules").inputs.policy)[0];
    expect([...policy.Condition.ArnEquals["aws:SourceArn"]].sort()).toEqual(all("aws:cloudwatch/eventRule:EventRule").map((r) => r.state.arn).sort());
    expect(p.outputs).toMatchObject({ mode: "member", centralBus: BUS, centralDestination: DESTINATION });
  });
});
