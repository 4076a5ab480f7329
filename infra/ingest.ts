// The two event paths: EKS audit logs (CloudWatch Logs subscription per cluster) and
// CloudTrail API calls (EventBridge rules on the default bus). Both filters are generated
// from the rules' triggers (triggers.ts), so events no rule can match never invoke Lambda.
import { type Deps, dedupEnvironment, policyInputs } from "./context.ts";
import { cloudTrailQueue, cloudTrailQueueMapping } from "./cloudtrail-queue.ts";
import { CLOUDTRAIL_TIMEOUT_SECONDS } from "./cloudtrail-queue-settings.ts";
import { auditorFunction } from "./functions.ts";
import { auditLogsPolicy, cloudTrailPolicy } from "./permissions.ts";
import { deployedTriggers } from "./triggers.ts";
import type { GeneratedEventRule } from "../shared/triggers/event-patterns.ts";

import { auditLogGroupName, EVENT_TARGET_RETRY } from "./ingest-names.ts";
import { auditorFilterName } from "../shared/triggers/coverage.ts";

export { auditLogGroupName, EVENT_TARGET_RETRY };

export function ingest(d: Deps) {
  const triggers = deployedTriggers(d.config);

  // Up to 1 MB of gzipped candidate events per invocation: 512 MB (more CPU for gunzip and
  // JSON at the same price per ms) finishes a storm batch quickly; 60 s covers DynamoDB and
  // webhook retries. CloudWatch Logs retries throttled deliveries for 24 h.
  const auditLogs = auditorFunction(
    "AuditLogs",
    {
      handler: "functions/audit-logs.handler",
      description: "cni-auditor: EKS audit-log subscription → rules → alerts",
      memory: "512 MB",
      timeout: "60 seconds",
      environment: dedupEnvironment(d),
      policy: auditLogsPolicy(policyInputs(d)),
      onFailure: d.failed,
    },
    d.config,
  );

  const subscriptions = triggers.filterPattern === null ? [] : d.config.clusters.map((cluster) => {
    const logGroup = auditLogGroupName(cluster);
    // Only this log group's subscription may invoke the function.
    const permission = new aws.lambda.Permission(`AuditLogsInvoke-${cluster}`, {
      action: "lambda:InvokeFunction",
      function: auditLogs.name,
      principal: "logs.amazonaws.com",
      sourceArn: $interpolate`arn:${d.where.partition}:logs:${d.where.region}:${d.where.account}:log-group:${logGroup}:*`,
      sourceAccount: d.where.account,
    });
    const filter = new aws.cloudwatch.LogSubscriptionFilter(
      `AuditLogsSubscription-${cluster}`,
      {
        name: auditorFilterName($app.stage),
        logGroup,
        filterPattern: triggers.filterPattern!,
        destinationArn: auditLogs.arn,
      },
      { dependsOn: [permission] },
    );
    return { cluster, logGroup, permission, filter };
  });

  // Coverage: log groups created later are subscribed by the cloudtrail function (same filter),
  // so CloudWatch Logs may invoke the function from any cluster log group of this account.
  const coverage = triggers.filterPattern === null ? null : {
    permission: new aws.lambda.Permission("AuditLogsInvoke-NewClusters", {
      action: "lambda:InvokeFunction",
      function: auditLogs.name,
      principal: "logs.amazonaws.com",
      sourceArn: $interpolate`arn:${d.where.partition}:logs:${d.where.region}:${d.where.account}:log-group:/aws/eks/*/cluster:*`,
      sourceAccount: d.where.account,
    }),
    environment: { COVERAGE_FILTER_NAME: auditorFilterName($app.stage), COVERAGE_FILTER_PATTERN: triggers.filterPattern, COVERAGE_DESTINATION_ARN: auditLogs.arn },
  };

  // Batches of up to 100 CloudTrail records from the queue: 256 MB and 30 s are plenty.
  const queue = cloudTrailQueue(d.failed);
  const cloudTrail = auditorFunction(
    "CloudTrail",
    {
      handler: "functions/cloudtrail.handler",
      description: "cni-auditor: CloudTrail API calls via EventBridge and SQS → rules → alerts",
      memory: "256 MB",
      timeout: `${CLOUDTRAIL_TIMEOUT_SECONDS} seconds`,
      environment: { ...dedupEnvironment(d), ...(coverage?.environment ?? {}) },
      policy: cloudTrailPolicy({ ...policyInputs(d), cloudTrailQueue: queue.arn }),
      onFailure: d.failed,
    },
    d.config,
  );
  const mapping = cloudTrailQueueMapping(queue, cloudTrail);

  const eventRules = cloudTrailRules(d, queue, triggers.eventRules, { prefix: "CloudTrail" });

  return { coverage, auditLogs, cloudTrail, cloudTrailQueue: queue, cloudTrailMapping: mapping, subscriptions, eventRules, triggers, filterPattern: triggers.filterPattern };
}

/**
 * One EventBridge rule per generated pattern, with its state, targeting the CloudTrail queue
 * (retries, then the DLQ; infra/cloudtrail-queue.ts). On the default bus, or on `bus` (the central
 * stage's intake, infra/central-events.ts). The policies admitting the rules to the queue and the
 * DLQ are written once for all of them (infra/auditor.ts).
 */
export function cloudTrailRules(d: Deps, queue: aws.sqs.Queue, generated: readonly GeneratedEventRule[], where: { prefix: string; bus?: aws.cloudwatch.EventBus }) {
  return generated.map((g) => {
    const id = `${where.prefix}-${g.name}`;
    const rule = new aws.cloudwatch.EventRule(id, {
      // Explicit, predictable names (`cni-auditor-<stage>-…`): auditor-tampered tells its own rules by them.
      name: `cni-auditor-${$app.stage}-${id}`.slice(0, 64),
      description: `cni-auditor ${$app.stage}: ${g.pattern.detail.eventName.join(", ")} (${g.name})`,
      eventPattern: JSON.stringify(g.pattern),
      state: g.state,
      ...(where.bus ? { eventBusName: where.bus.name } : {}),
    });
    const target = new aws.cloudwatch.EventTarget(`${id}-Target`, {
      rule: rule.name,
      ...(where.bus ? { eventBusName: where.bus.name } : {}),
      arn: queue.arn,
      retryPolicy: EVENT_TARGET_RETRY,
      deadLetterConfig: { arn: d.failed.arn },
    });
    return { generated: g, rule, target };
  });
}
