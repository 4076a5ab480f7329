// A central stage under Pulumi mocks (sst-mocks.ts): the whole auditor plus the intake members
// forward to — the bus and its organization policy, the same rules on it, one log destination
// per region writing into the Kinesis stream, the stream's reader — and protection by setting.
import { beforeAll, describe, expect, it } from "vitest";
import { loadInfraConfig, type StageSettings } from "../../../infra/config.ts";
import { STREAM_MAPPING } from "../../../infra/stream-mapping.ts";
import { KINESIS_READ_ACTIONS } from "../../../infra/permissions.ts";
import { deployedTriggers } from "../../../infra/triggers.ts";
import { ACCOUNT, plan, REGION, type Plan, type PlannedResource } from "./sst-mocks.ts";

const ORG = "o-a1b2c3d4e5";
// A production stage whose name is not `prod`: protected all the same (issue 18).
const STAGE = "prod-euw1";
const stages: Record<string, StageSettings> = {
  [STAGE]: {
    mode: "central",
    clusters: ["hub-1"],
    members: { organizationId: ORG, regions: ["eu-west-1", "us-east-1"], streamShards: 2 },
    fleet: { accounts: ["444455556666", "777788889999"], regions: ["eu-west-1", "us-east-1"] },
  },
};
const config = loadInfraConfig(STAGE, {}, stages);
const generated = deployedTriggers(config).eventRules;

let p: Plan;
beforeAll(async () => {
  const auditor = "../../../infra/auditor.ts";
  const { deployAuditor } = await import(/* @vite-ignore */ auditor);
  p = await plan(STAGE, () => deployAuditor(config));
}, 300_000);

const all = (type: string): PlannedResource[] => p.resources.filter((r) => r.type === type);
function one(type: string, name: string): PlannedResource {
  const found = p.resources.filter((r) => r.type === type && r.name === name);
  expect(found, `${type} ${name}`).toHaveLength(1);
  return found[0]!;
}
const arnOf = (type: string, name: string): string => one(type, name).state.arn;
const lambdaArn = (fn: string): string => arnOf("aws:lambda/function:Function", `${fn}Function`);
const queueArn = (): string => arnOf("aws:sqs/queue:Queue", "FailedEvents");
const streamArn = (): string => arnOf("aws:kinesis/stream:Stream", "LogStream");
const statements = (json: string): any[] => JSON.parse(json).Statement;
const inlineStatements = (role: PlannedResource): any[] => (role.inputs.inlinePolicies ?? []).flatMap((x: { policy: string }) => statements(x.policy));

describe("central stage: event intake", () => {
  it("a bus named for the intake, admitting only the organization to put events", () => {
    const bus = one("aws:cloudwatch/eventBus:EventBus", "CentralBus");
    expect(bus.inputs.name).toBe("cni-auditor-central");
    const policy = one("aws:cloudwatch/eventBusPolicy:EventBusPolicy", "CentralBusPolicy");
    expect(policy.inputs.eventBusName).toBe(bus.state.name);
    expect(statements(policy.inputs.policy)).toEqual([
      { Sid: "MembersPutEvents", Effect: "Allow", Action: "events:PutEvents", Resource: bus.state.arn, Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": [ORG] } } },
    ]);
  });

  it("the same generated rules on the bus, with their state, to the CloudTrail queue, dead letters to the DLQ", () => {
    const bus = one("aws:cloudwatch/eventBus:EventBus", "CentralBus").state.name;
    for (const g of generated) {
      const rule = one("aws:cloudwatch/eventRule:EventRule", `CentralCloudTrail-${g.name}`);
      expect(JSON.parse(rule.inputs.eventPattern)).toEqual(g.pattern);
      expect([rule.inputs.state, rule.inputs.eventBusName]).toEqual([g.state, bus]);
      expect(one("aws:cloudwatch/eventTarget:EventTarget", `CentralCloudTrail-${g.name}-Target`).inputs).toMatchObject({
        rule: rule.state.name,
        eventBusName: bus,
        arn: arnOf("aws:sqs/queue:Queue", "CloudTrailEvents"),
        deadLetterConfig: { arn: queueArn() },
      });
    }
    // The one queue policy admits both sets of rules too.
    const intake = statements(one("aws:sqs/queuePolicy:QueuePolicy", "CloudTrailEventsFromEventRules").inputs.policy)[0];
    expect([...intake.Condition.ArnEquals["aws:SourceArn"]].sort()).toEqual(all("aws:cloudwatch/eventRule:EventRule").map((r) => r.state.arn).sort());
    // The central account's own default-bus rules stay, and the one DLQ policy admits both sets.
    expect(all("aws:cloudwatch/eventRule:EventRule")).toHaveLength(2 * generated.length);
    const dlq = statements(one("aws:sqs/queuePolicy:QueuePolicy", "FailedEventsFromEventRules").inputs.policy)[0];
    expect([...dlq.Condition.ArnEquals["aws:SourceArn"]].sort()).toEqual(all("aws:cloudwatch/eventRule:EventRule").map((r) => r.state.arn).sort());
  });
});

describe("central stage: log intake", () => {
  it("a provisioned, encrypted Kinesis stream with the configured shards", () => {
    expect(one("aws:kinesis/stream:Stream", "LogStream").inputs).toMatchObject({
      name: "cni-auditor-central-logs",
      shardCount: 2,
      streamModeDetails: { streamMode: "PROVISIONED" },
      retentionPeriod: 24,
      encryptionType: "KMS",
      kmsKeyId: "alias/aws/kinesis",
    });
  });

  it("one destination per member region, each in its region, writing into the stream through the delivery role", () => {
    const providers = Object.fromEntries(all("pulumi:providers:aws").map((r) => [`${r.name}-id`, r.inputs.region]));
    const role = one("aws:iam/role:Role", "LogDestinationRole");
    const destinations = all("aws:cloudwatch/logDestination:LogDestination");
    expect(destinations.map((d) => providers[d.provider!.split("::").at(-1)!]).sort()).toEqual(["eu-west-1", "us-east-1"]);
    for (const d of destinations) expect(d.inputs).toEqual({ name: "cni-auditor-central", roleArn: role.state.arn, targetArn: streamArn() });
  });

  it("destination policies admit only the organization, to subscribe (per group or account-wide)", () => {
    for (const region of ["eu-west-1", "us-east-1"]) {
      const dest = one("aws:cloudwatch/logDestination:LogDestination", `LogDestination-${region}`);
      const policy = one("aws:cloudwatch/logDestinationPolicy:LogDestinationPolicy", `LogDestinationPolicy-${region}`);
      expect(policy.provider).toBe(dest.provider);
      expect(policy.inputs.destinationName).toBe(dest.state.name);
      expect(statements(policy.inputs.accessPolicy)).toEqual([
        {
          Sid: "MembersSubscribe",
          Effect: "Allow",
          Action: ["logs:PutSubscriptionFilter", "logs:PutAccountPolicy"],
          Resource: dest.state.arn,
          Principal: "*",
          Condition: { StringEquals: { "aws:PrincipalOrgID": [ORG] } },
        },
      ]);
    }
  });

  it("the delivery role: CloudWatch Logs only, for the organization, and only PutRecord on the stream", () => {
    const role = one("aws:iam/role:Role", "LogDestinationRole");
    expect(statements(role.inputs.assumeRolePolicy)).toEqual([
      { Effect: "Allow", Principal: { Service: "logs.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceOrgID": [ORG] } } },
    ]);
    expect(inlineStatements(role)).toEqual([{ Effect: "Allow", Action: "kinesis:PutRecord", Resource: streamArn() }]);
  });

  it("the stream's reader: batching, bisect on error, partial batch responses, the DLQ", () => {
    const mapping = one("aws:lambda/eventSourceMapping:EventSourceMapping", "AuditLogStreamMapping");
    expect(mapping.inputs).toMatchObject({
      eventSourceArn: streamArn(),
      functionName: lambdaArn("AuditLogStream"),
      startingPosition: "TRIM_HORIZON",
      batchSize: 100,
      maximumBatchingWindowInSeconds: 5,
      bisectBatchOnFunctionError: true,
      functionResponseTypes: ["ReportBatchItemFailures"],
      maximumRecordAgeInSeconds: STREAM_MAPPING.maximumRecordAgeInSeconds,
      destinationConfig: { onFailure: { destinationArn: queueArn() } },
    });
    expect(p.builds.map((b) => b.handler)).toContain("functions/audit-log-stream.handler");
    const fn = one("aws:lambda/function:Function", "AuditLogStreamFunction");
    expect(fn.inputs).toMatchObject({ architectures: ["arm64"], runtime: "nodejs22.x", memorySize: 1024, timeout: 300 });
    const kinesis = inlineStatements(one("aws:iam/role:Role", "AuditLogStreamRole")).filter((s) => s.Action.some((a: string) => a.startsWith("kinesis:")));
    expect(kinesis).toEqual([{ Effect: "Allow", Action: KINESIS_READ_ACTIONS, Resource: [streamArn()] }]);
    for (const metric of ["Errors", "Throttles"]) one("aws:cloudwatch/metricAlarm:MetricAlarm", `AuditLogStream${metric}Alarm`);
    expect(one("aws:cloudwatch/metricAlarm:MetricAlarm", "LogStreamIteratorAgeAlarm").inputs).toMatchObject({
      namespace: "AWS/Kinesis",
      metricName: "GetRecords.IteratorAgeMilliseconds",
      dimensions: { StreamName: "cni-auditor-central-logs" },
    });
  });

  it("the sweep reads audit-source-silent's metrics in each member account through the member role, and only that role", () => {
    const sweep = inlineStatements(one("aws:iam/role:Role", "SweepRole"));
    expect(sweep.find((s) => [s.Action].flat().includes("sts:AssumeRole")).Resource).toEqual([
      "arn:aws:iam::444455556666:role/cni-auditor-fleet-read",
      "arn:aws:iam::777788889999:role/cni-auditor-fleet-read",
    ]);
    expect(one("aws:lambda/function:Function", "SweepFunction").inputs.environment.variables).toMatchObject({
      SOURCE_ACTIVITY_REGIONS: "eu-west-1,us-east-1",
      SOURCE_ACTIVITY_ACCOUNTS: "444455556666,777788889999",
      SOURCE_ACTIVITY_ROLE_NAME: "cni-auditor-fleet-read",
    });
  });

  it("no role has a wildcard action or a managed policy", () => {
    for (const role of all("aws:iam/role:Role")) {
      for (const s of inlineStatements(role)) for (const a of [s.Action].flat()) expect(a, `${role.name}: ${a}`).not.toContain("*");
      expect(role.inputs.managedPolicyArns ?? [], role.name).toEqual([]);
    }
  });
});

describe("protection follows the setting, not the stage name", () => {
  it(`${STAGE} (no protect setting, not ephemeral) is protected`, () => {
    expect(config.protect).toBe(true);
    expect(p.outputs).toMatchObject({ mode: "central", protect: true });
    const table = one("aws:dynamodb/table:Table", "DedupTableTable");
    expect(table.inputs.deletionProtectionEnabled).toBe(true);
    for (const [type, name] of [
      ["aws:dynamodb/table:Table", "DedupTableTable"],
      ["aws:s3/bucket:Bucket", "FleetReportsBucket"],
      ["aws:kms/key:Key", "AlertTopicKey"],
      ["aws:kinesis/stream:Stream", "LogStream"],
    ] as const) {
      expect(one(type, name).options.retainOnDelete, name).toBe(true);
    }
    // Stateless parts are replaced freely.
    expect(one("aws:lambda/function:Function", "AuditLogStreamFunction").options.retainOnDelete).toBeUndefined();
  });
});

it("the plan ran in the mocked account and region", () => {
  expect(one("aws:cloudwatch/logDestination:LogDestination", "LogDestination-eu-west-1").state.arn).toContain(`${REGION}:${ACCOUNT}`);
});
