// The two event paths: EKS audit logs (CloudWatch Logs subscription per cluster) and
// CloudTrail API calls (EventBridge rules on the default bus). Both filters are generated
// from the rules' triggers (triggers.ts), so events no rule can match never invoke Lambda.
import { type Deps, dedupEnvironment, policyInputs } from "./context.ts";
import { auditorFunction } from "./functions.ts";
import { auditLogsPolicy, cloudTrailPolicy } from "./permissions.ts";
import { deployedTriggers } from "./triggers.ts";
import type { GeneratedEventRule } from "../shared/triggers/event-patterns.ts";

/** EventBridge retries delivery to the Lambda for up to 24 h (its maximum), then the DLQ. */
export const EVENT_TARGET_RETRY = { maximumEventAgeInSeconds: 24 * 3600, maximumRetryAttempts: 185 };

export function auditLogGroupName(cluster: string): string {
  return `/aws/eks/${cluster}/cluster`;
}

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
        name: `cni-auditor-${$app.stage}`,
        logGroup,
        filterPattern: triggers.filterPattern!,
        destinationArn: auditLogs.arn,
      },
      { dependsOn: [permission] },
    );
    return { cluster, logGroup, permission, filter };
  });

  // One CloudTrail record per invocation: 256 MB and 30 s are plenty (no batch).
  const cloudTrail = auditorFunction(
    "CloudTrail",
    {
      handler: "functions/cloudtrail.handler",
      description: "cni-auditor: CloudTrail API calls via EventBridge → rules → alerts",
      memory: "256 MB",
      timeout: "30 seconds",
      environment: dedupEnvironment(d),
      policy: cloudTrailPolicy(policyInputs(d)),
      onFailure: d.failed,
    },
    d.config,
  );

  const eventRules = cloudTrailRules(d, cloudTrail, triggers.eventRules, { prefix: "CloudTrail" });

  return { auditLogs, cloudTrail, subscriptions, eventRules, triggers, filterPattern: triggers.filterPattern };
}

/**
 * One EventBridge rule per generated pattern, with its state, targeting the cloudtrail function
 * (retries, then the DLQ); only that rule may invoke it. On the default bus, or on `bus` (the
 * central stage's intake, infra/central-events.ts). The DLQ's policy admitting the rules is
 * written once for all of them (infra/auditor.ts).
 */
export function cloudTrailRules(d: Deps, cloudTrail: sst.aws.Function, generated: readonly GeneratedEventRule[], where: { prefix: string; bus?: aws.cloudwatch.EventBus }) {
  return generated.map((g) => {
    const id = `${where.prefix}-${g.name}`;
    const rule = new aws.cloudwatch.EventRule(id, {
      description: `cni-auditor ${$app.stage}: ${g.pattern.detail.eventName.join(", ")} (${g.name})`,
      eventPattern: JSON.stringify(g.pattern),
      state: g.state,
      ...(where.bus ? { eventBusName: where.bus.name } : {}),
    });
    const permission = new aws.lambda.Permission(`${id}-Invoke`, {
      action: "lambda:InvokeFunction",
      function: cloudTrail.name,
      principal: "events.amazonaws.com",
      sourceArn: rule.arn,
    });
    const target = new aws.cloudwatch.EventTarget(
      `${id}-Target`,
      {
        rule: rule.name,
        ...(where.bus ? { eventBusName: where.bus.name } : {}),
        arn: cloudTrail.arn,
        retryPolicy: EVENT_TARGET_RETRY,
        deadLetterConfig: { arn: d.failed.arn },
      },
      { dependsOn: [permission] },
    );
    return { generated: g, rule, permission, target };
  });
}
