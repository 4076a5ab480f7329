// The whole stack under Pulumi mocks (sst-mocks.ts): resources and their wiring.
import { beforeAll, describe, expect, it } from "vitest";
import { loadInfraConfig } from "../../../infra/config.ts";
import { deployedTriggers } from "../../../infra/triggers.ts";
import { FILTER_PATTERN_MAX } from "../../../shared/triggers/filter-pattern.ts";
import { PENDING_AGE_METRIC } from "../../../functions/lambda/observability.ts";
import { ACCOUNT, plan, REGION, type Plan, type PlannedResource } from "./sst-mocks.ts";

const SLACK_PARAMETER = "/cni-auditor/test/slack-webhook-url";
const config = loadInfraConfig("test", {
  CNI_AUDITOR_CLUSTERS: "prod-eu-1,staging_2",
  CNI_AUDITOR_FLEET_ACCOUNTS: "444455556666,777788889999",
  CNI_AUDITOR_SLACK_WEBHOOK_PARAMETER: SLACK_PARAMETER,
  CNI_AUDITOR_RESERVED_CONCURRENCY: "AuditLogs=20,Sweep=1",
});
const FUNCTIONS = {
  AuditLogs: { handler: "functions/audit-logs.handler", memory: 512, timeout: 60 },
  CloudTrail: { handler: "functions/cloudtrail.handler", memory: 256, timeout: 30 },
  FleetReport: { handler: "functions/fleet-report.handler", memory: 512, timeout: 600 },
  FleetWorker: { handler: "functions/fleet-worker.handler", memory: 512, timeout: 600 },
  Sweep: { handler: "functions/sweep.handler", memory: 256, timeout: 60 },
} as const;

/** How Pulumi marks a secret value in serialized inputs. */
const PULUMI_SECRET_SIG = "4dabf18193072939515e22adb298388d";

let p: Plan;
beforeAll(async () => {
  // Not a literal import: infra/auditor.ts needs SST's globals, typed by tsconfig.infra.json only.
  const auditor = "../../../infra/auditor.ts";
  const { deployAuditor } = await import(/* @vite-ignore */ auditor);
  p = await plan("test", () => deployAuditor(config));
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
const policyJson = (role: PlannedResource): any[] =>
  (role.inputs.inlinePolicies ?? []).flatMap((p: { policy: string }) => JSON.parse(p.policy).Statement);

describe("audit-log ingest", () => {
  const expected = deployedTriggers(config).filterPattern!;

  it("subscribes each configured cluster's log group to the audit-logs function with the generated pattern", () => {
    const filters = all("aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter");
    expect(filters.map((f) => f.inputs.logGroup).sort()).toEqual(["/aws/eks/prod-eu-1/cluster", "/aws/eks/staging_2/cluster"]);
    for (const f of filters) {
      expect(f.inputs.filterPattern).toBe(expected);
      expect(f.inputs.filterPattern.length).toBeLessThanOrEqual(FILTER_PATTERN_MAX);
      expect(f.inputs.destinationArn).toBe(lambdaArn("AuditLogs"));
      expect(f.inputs.name).toBe("cni-auditor-test");
    }
  });

  it("lets CloudWatch Logs invoke the function only from those log groups", () => {
    const fnName = one("aws:lambda/function:Function", "AuditLogsFunction").state.name;
    const perms = all("aws:lambda/permission:Permission").filter((r) => r.inputs.principal === "logs.amazonaws.com");
    expect(perms.map((r) => r.inputs.sourceArn).sort()).toEqual([
      // Coverage: groups created after the deploy are subscribed by the cloudtrail function.
      `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/eks/*/cluster:*`,
      `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/eks/prod-eu-1/cluster:*`,
      `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/eks/staging_2/cluster:*`,
    ]);
    for (const r of perms) {
      expect(r.inputs).toMatchObject({ action: "lambda:InvokeFunction", function: fnName, sourceAccount: ACCOUNT });
    }
  });
});

describe("CloudTrail ingest", () => {
  const generated = deployedTriggers(config).eventRules;

  it("creates one EventBridge rule per generated pattern, with its state, on the default bus", () => {
    const rules = all("aws:cloudwatch/eventRule:EventRule");
    expect(rules.map((r) => r.name).sort()).toEqual(generated.map((g) => `CloudTrail-${g.name}`).sort());
    for (const g of generated) {
      const rule = one("aws:cloudwatch/eventRule:EventRule", `CloudTrail-${g.name}`);
      expect(JSON.parse(rule.inputs.eventPattern)).toEqual(g.pattern);
      expect(rule.inputs.state).toBe(g.state);
      expect(rule.inputs.eventBusName).toBeUndefined();
    }
    // The CNI's failing Describe* calls only arrive with the read-only state.
    const ec2 = one("aws:cloudwatch/eventRule:EventRule", "CloudTrail-ec2-failed");
    expect(ec2.inputs.state).toBe("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
    expect(JSON.parse(ec2.inputs.eventPattern).detail.eventName).toContain("DescribeNetworkInterfaces");
    expect(one("aws:cloudwatch/eventRule:EventRule", "CloudTrail-eks-succeeded").inputs.state).toBe("ENABLED");
  });

  // Guarantees item 8: a queue between the rules and the function, so a storm is a few batches.
  it("targets the CloudTrail queue with retries and the DLQ; the function reads the queue in batches with partial failures", () => {
    const events = arnOf("aws:sqs/queue:Queue", "CloudTrailEvents");
    for (const g of generated) {
      const rule = one("aws:cloudwatch/eventRule:EventRule", `CloudTrail-${g.name}`);
      const target = one("aws:cloudwatch/eventTarget:EventTarget", `CloudTrail-${g.name}-Target`);
      expect(target.inputs).toMatchObject({
        rule: rule.state.name,
        arn: events,
        retryPolicy: { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 },
        deadLetterConfig: { arn: queueArn() },
      });
    }
    // Nothing but the queue invokes the function: no EventBridge permission on it.
    expect(all("aws:lambda/permission:Permission").filter((r) => r.inputs.principal === "events.amazonaws.com")).toEqual([]);
    const queue = one("aws:sqs/queue:Queue", "CloudTrailEvents");
    expect(queue.inputs).toMatchObject({ visibilityTimeoutSeconds: 180, messageRetentionSeconds: 14 * 86400, sqsManagedSseEnabled: true });
    expect(JSON.parse(queue.inputs.redrivePolicy)).toEqual({ deadLetterTargetArn: queueArn(), maxReceiveCount: 5 });
    const mapping = one("aws:lambda/eventSourceMapping:EventSourceMapping", "CloudTrailEventsMapping");
    expect(mapping.inputs).toMatchObject({
      eventSourceArn: events,
      functionName: one("aws:lambda/function:Function", "CloudTrailFunction").state.name,
      batchSize: 100,
      maximumBatchingWindowInSeconds: 5,
      functionResponseTypes: ["ReportBatchItemFailures"],
      scalingConfig: { maximumConcurrency: 5 },
    });
    const policy = JSON.parse(one("aws:sqs/queuePolicy:QueuePolicy", "CloudTrailEventsFromEventRules").inputs.policy);
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0]).toMatchObject({ Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: events });
    expect([...policy.Statement[0].Condition.ArnEquals["aws:SourceArn"]].sort()).toEqual(
      generated.map((g) => arnOf("aws:cloudwatch/eventRule:EventRule", `CloudTrail-${g.name}`)).sort(),
    );
  });

  it("allows exactly those rules to dead-letter into the queue", () => {
    const policy = JSON.parse(one("aws:sqs/queuePolicy:QueuePolicy", "FailedEventsFromEventRules").inputs.policy);
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0]).toMatchObject({ Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: queueArn() });
    expect([...policy.Statement[0].Condition.ArnEquals["aws:SourceArn"]].sort()).toEqual(
      generated.map((g) => arnOf("aws:cloudwatch/eventRule:EventRule", `CloudTrail-${g.name}`)).sort(),
    );
  });
});

describe("functions", () => {
  it("builds each handler from functions/ for arm64 on nodejs22.x with the chosen memory and timeout", () => {
    expect(p.builds.map((b) => b.handler).sort()).toEqual(Object.values(FUNCTIONS).map((f) => f.handler).sort());
    for (const b of p.builds) expect(b.runtime).toBe("nodejs22.x");
    for (const [name, want] of Object.entries(FUNCTIONS)) {
      const fn = one("aws:lambda/function:Function", `${name}Function`);
      expect(fn.inputs).toMatchObject({ architectures: ["arm64"], runtime: "nodejs22.x", memorySize: want.memory, timeout: want.timeout });
    }
  });

  it("sends failed async invocations to the DLQ after two retries", () => {
    for (const name of Object.keys(FUNCTIONS)) {
      const cfg = one("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", `${name}EventInvokeConfig`);
      expect(cfg.inputs.maximumRetryAttempts).toBe(2);
      expect(cfg.inputs.destinationConfig.onFailure.destination).toBe(queueArn());
    }
  });

  it("logs JSON to its own log group, kept for the configured retention", () => {
    expect(all("aws:cloudwatch/logGroup:LogGroup")).toHaveLength(Object.keys(FUNCTIONS).length);
    for (const name of Object.keys(FUNCTIONS)) {
      const group = one("aws:cloudwatch/logGroup:LogGroup", `${name}Logs`);
      expect(group.inputs).toMatchObject({ name: `/aws/lambda/cni-auditor-test-${name}`, retentionInDays: 30 });
      expect(one("aws:lambda/function:Function", `${name}Function`).inputs.loggingConfig).toEqual({ logFormat: "JSON", logGroup: group.state.name });
    }
  });

  it("gives each function its environment, with the name of the Slack parameter, never a secret value", () => {
    const env = (name: string): Record<string, string> => {
      const e = one("aws:lambda/function:Function", `${name}Function`).inputs.environment;
      // Issue 16: the webhook URL is no longer in the environment, so nothing in it is a secret.
      expect(e[PULUMI_SECRET_SIG]).toBeUndefined();
      expect(e.variables.SLACK_WEBHOOK_URL).toBeUndefined();
      return e.variables;
    };
    const table = one("aws:dynamodb/table:Table", "DedupTableTable").state.name;
    const topic = arnOf("aws:sns/topic:Topic", "AlertTopicTopic");
    for (const name of ["AuditLogs", "CloudTrail", "Sweep"]) {
      expect(env(name)).toMatchObject({
        DEDUP_TABLE: table,
        ALERT_TOPIC_ARN: topic,
        SLACK_WEBHOOK_PARAMETER: SLACK_PARAMETER,
        ALERT_WINDOW: "1h",
        SLACK_MIN_SEVERITY: "medium",
        SNS_MIN_SEVERITY: "info",
        POWERTOOLS_SERVICE_NAME: "cni-auditor",
        POWERTOOLS_METRICS_NAMESPACE: "CniAuditor",
      });
      expect(JSON.parse(env(name).AUDITOR_CONFIG!)).toEqual({ extraSystemUsers: [], cniRoleArns: [], disabledRules: [], allow: {} });
      // Security Hub is opt-in: not turned on, the functions get neither its variables nor its IAM.
      expect(env(name).SECURITY_HUB_ACCOUNT).toBeUndefined();
    }
    expect(env("FleetReport")).toMatchObject({
      REPORT_BUCKET: one("aws:s3/bucket:Bucket", "FleetReportsBucket").state.bucket,
      FLEET_ROLE_NAME: "cni-auditor-fleet-read",
      FLEET_ACCOUNTS: "444455556666,777788889999",
      ALERT_TOPIC_ARN: topic,
      SLACK_WEBHOOK_PARAMETER: SLACK_PARAMETER,
    });
    // Only to leave the fleet's CNI roles for the event functions (one PutItem, see IAM).
    expect(env("FleetReport").DEDUP_TABLE).toBe(table);
  });
});

describe("IAM", () => {
  it("has no wildcard action in any role policy and no managed policy", () => {
    const roles = all("aws:iam/role:Role");
    expect(roles.length).toBe(7); // five functions (the fleet worker: plan-fanout.test.ts), two schedules
    for (const role of roles) {
      for (const s of policyJson(role)) {
        for (const a of [s.Action].flat()) expect(a, `${role.name}: ${a}`).not.toContain("*");
      }
      expect(role.inputs.managedPolicyArns ?? [], role.name).toEqual([]);
    }
  });

  it("lets each function write only to its own log group", () => {
    for (const name of Object.keys(FUNCTIONS)) {
      const logs = policyJson(one("aws:iam/role:Role", `${name}Role`)).filter((s) => s.Action.some((a: string) => a.startsWith("logs:") && !a.endsWith("SubscriptionFilter") && !a.endsWith("SubscriptionFilters") && a !== "logs:DescribeLogGroups"));
      expect(logs).toEqual([
        { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [`${arnOf("aws:cloudwatch/logGroup:LogGroup", `${name}Logs`)}:*`] },
      ]);
    }
  });

  it("lets the schedules invoke only their function and write only to the DLQ", () => {
    for (const [role, fn] of [["FleetReportScheduleRole", "FleetReport"], ["SweepScheduleRole", "Sweep"]] as const) {
      const statements = policyJson(one("aws:iam/role:Role", role));
      expect(statements.map((s) => [s.Action, s.Resource])).toEqual([
        [["lambda:InvokeFunction"], [lambdaArn(fn)]],
        [["sqs:SendMessage"], [queueArn()]],
      ]);
    }
  });

  it("scopes function statements to the stack's own resources", () => {
    const table = one("aws:dynamodb/table:Table", "DedupTableTable").state.arn;
    const statements = policyJson(one("aws:iam/role:Role", "AuditLogsRole"));
    const byAction = (a: string) => statements.find((s) => s.Action.includes(a));
    expect(byAction("dynamodb:UpdateItem").Resource).toEqual([table]);
    expect(byAction("sns:Publish").Resource).toEqual([arnOf("aws:sns/topic:Topic", "AlertTopicTopic")]);
    expect(byAction("sqs:SendMessage").Resource).toEqual([queueArn()]);
    expect(byAction("kms:GenerateDataKey").Resource).toEqual([arnOf("aws:kms/key:Key", "AlertTopicKey")]);
    expect(byAction("kms:GenerateDataKey").Condition).toEqual([
      { test: "StringEquals", variable: "kms:ViaService", values: [`sns.${REGION}.amazonaws.com`] },
    ]);
    const fleet = policyJson(one("aws:iam/role:Role", "FleetReportRole"));
    // Issue 16: the member role only in the configured accounts (was any account).
    expect(fleet.find((s) => s.Action.includes("sts:AssumeRole")).Resource).toEqual([
      "arn:aws:iam::444455556666:role/cni-auditor-fleet-read",
      "arn:aws:iam::777788889999:role/cni-auditor-fleet-read",
    ]);
    expect(fleet.find((s) => s.Action.includes("s3:PutObject")).Resource).toEqual([
      `${one("aws:s3/bucket:Bucket", "FleetReportsBucket").state.arn}/*`,
    ]);
    // audit-source-silent: a standalone sweep reads its own account's EKS log groups and metrics,
    // and assumes no member role even though the fleet report has member accounts.
    const sweep = policyJson(one("aws:iam/role:Role", "SweepRole"));
    expect(sweep.find((s) => s.Action.includes("logs:DescribeLogGroups")).Resource).toEqual([`arn:aws:logs:*:${ACCOUNT}:log-group:*`]);
    expect(sweep.find((s) => s.Action.includes("cloudwatch:GetMetricData")).Resource).toEqual(["*"]);
    expect(sweep.some((s) => s.Action.includes("sts:AssumeRole"))).toBe(false);
    const sweepEnv = one("aws:lambda/function:Function", "SweepFunction").inputs.environment.variables;
    expect(sweepEnv.SOURCE_ACTIVITY_REGIONS).toBe(REGION);
    expect(sweepEnv.SOURCE_ACTIVITY_ACCOUNTS).toBeUndefined();
    const fleetDynamo = fleet.filter((s) => s.Action.some((a: string) => a.startsWith("dynamodb:")));
    // The CNI roles it writes; the silences (issue 17) and cninodes-forbidden windows it reads for the report.
    expect(fleetDynamo.map((s) => [s.Action, s.Resource])).toEqual([[["dynamodb:PutItem"], [table]], [["dynamodb:BatchGetItem", "dynamodb:GetItem"], [table]]]);
  });
});

describe("secrets and least privilege (issue 16)", () => {
  it("lets every function read the one Slack parameter, and nothing else in SSM", () => {
    const arn = `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${SLACK_PARAMETER}`;
    for (const name of Object.keys(FUNCTIONS)) {
      const ssm = policyJson(one("aws:iam/role:Role", `${name}Role`)).filter((s) => s.Action.some((a: string) => a.startsWith("ssm:")));
      expect(ssm.map((s) => [s.Action, s.Resource]), name).toEqual([[["ssm:GetParameter"], [arn]]]);
    }
  });

  it("gives dynamodb:Scan to the sweep only", () => {
    const scans = (name: string) => policyJson(one("aws:iam/role:Role", `${name}Role`)).some((s) => s.Action.includes("dynamodb:Scan"));
    expect(Object.keys(FUNCTIONS).filter(scans)).toEqual(["Sweep"]);
    expect(policyJson(one("aws:iam/role:Role", "AuditLogsRole")).find((s) => s.Action.includes("dynamodb:UpdateItem")).Action).toEqual([
      "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
    ]);
  });

  it("lets only the cloudtrail function poll the CloudTrail queue, and only that queue", () => {
    const polls = (name: string) => policyJson(one("aws:iam/role:Role", `${name}Role`)).filter((s) => s.Action.includes("sqs:ReceiveMessage"));
    // The fleet worker polls its own queue only (plan-fanout.test.ts).
    expect(Object.keys(FUNCTIONS).filter((n) => polls(n).length > 0)).toEqual(["CloudTrail", "FleetWorker"]);
    expect(polls("FleetWorker").flatMap((s) => s.Resource)).toEqual([arnOf("aws:sqs/queue:Queue", "FleetQueue")]);
    expect(polls("CloudTrail")).toEqual([
      expect.objectContaining({
        Action: ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"],
        Resource: [arnOf("aws:sqs/queue:Queue", "CloudTrailEvents")],
      }),
    ]);
  });

  it("reserves concurrency only where configured", () => {
    const reserved = (name: string) => one("aws:lambda/function:Function", `${name}Function`).inputs.reservedConcurrentExecutions;
    expect(Object.fromEntries(Object.keys(FUNCTIONS).map((n) => [n, reserved(n)]))).toEqual({ AuditLogs: 20, CloudTrail: undefined, FleetReport: undefined, Sweep: 1 });
  });
});

describe("storage, alerts, schedules, alarms", () => {
  it("dedup table: on-demand, string key pk, TTL on expiresAt", () => {
    expect(one("aws:dynamodb/table:Table", "DedupTableTable").inputs).toMatchObject({
      billingMode: "PAY_PER_REQUEST",
      hashKey: "pk",
      attributes: [{ name: "pk", type: "S" }],
      ttl: { attributeName: "expiresAt", enabled: true },
    });
  });

  it("report bucket: private, reports expire", () => {
    expect(one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "FleetReportsPublicAccessBlock").inputs).toMatchObject({
      blockPublicAcls: true,
      blockPublicPolicy: true,
    });
    const lifecycle = one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "FleetReportsLifecycle");
    expect(lifecycle.inputs.rules[0]).toMatchObject({ status: "Enabled", expiration: { days: 90 } });
  });

  it("alert topic: encrypted with a rotating key CloudWatch alarms may use", () => {
    const key = one("aws:kms/key:Key", "AlertTopicKey");
    expect(one("aws:sns/topic:Topic", "AlertTopicTopic").inputs.kmsMasterKeyId).toBe(key.state.arn);
    expect(key.inputs.enableKeyRotation).toBe(true);
    const cw = JSON.parse(key.inputs.policy).Statement.find((s: any) => s.Principal.Service === "cloudwatch.amazonaws.com");
    expect(cw).toMatchObject({ Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } });
  });

  it("schedules: fleet report daily, sweep every 10 minutes, both with retries and the DLQ", () => {
    for (const [name, fn, expr] of [
      ["FleetReportScheduleSchedule", "FleetReport", "cron(0 6 * * ? *)"],
      ["SweepScheduleSchedule", "Sweep", "rate(10 minutes)"],
    ] as const) {
      expect(one("aws:scheduler/schedule:Schedule", name).inputs).toMatchObject({
        scheduleExpression: expr,
        target: { arn: lambdaArn(fn), retryPolicy: { maximumRetryAttempts: 2 }, deadLetterConfig: { arn: queueArn() } },
      });
    }
  });

  it("alarms on every function's errors and throttles, the DLQ and subscription delivery, to the alert topic", () => {
    const topic = arnOf("aws:sns/topic:Topic", "AlertTopicTopic");
    const alarms = all("aws:cloudwatch/metricAlarm:MetricAlarm");
    for (const name of Object.keys(FUNCTIONS)) {
      const fnName = one("aws:lambda/function:Function", `${name}Function`).state.name;
      for (const metric of ["Errors", "Throttles"]) {
        const a = one("aws:cloudwatch/metricAlarm:MetricAlarm", `${name}${metric}Alarm`);
        expect(a.inputs).toMatchObject({ namespace: "AWS/Lambda", metricName: metric, dimensions: { FunctionName: fnName }, threshold: 1 });
      }
    }
    const dlq = one("aws:cloudwatch/metricAlarm:MetricAlarm", "FailedEventsAlarm");
    expect(dlq.inputs).toMatchObject({ namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: "cni-auditor-test-failed-events" } });
    for (const cluster of ["prod-eu-1", "staging_2"]) {
      expect(one("aws:cloudwatch/metricAlarm:MetricAlarm", `AuditLogsDeliveryErrorsAlarm-${cluster}`).inputs).toMatchObject({
        namespace: "AWS/Logs",
        metricName: "DeliveryErrors",
        dimensions: { LogGroupName: `/aws/eks/${cluster}/cluster`, DestinationType: "Lambda", FilterName: "cni-auditor-test" },
      });
    }
    // A sink failing for over an hour (issue 15): the sweep's pending-age metric, per sink.
    for (const sink of ["slack", "sns"]) {
      expect(one("aws:cloudwatch/metricAlarm:MetricAlarm", `PendingAlertAge-${sink}`).inputs).toMatchObject({
        namespace: "CniAuditor",
        metricName: PENDING_AGE_METRIC,
        dimensions: { service: "cni-auditor", sink },
        statistic: "Maximum",
        threshold: 3600,
        comparisonOperator: "GreaterThanThreshold",
      });
    }
    expect(alarms).toHaveLength(15);
    for (const a of alarms) expect(a.inputs.alarmActions).toEqual([topic]);
  });
});
