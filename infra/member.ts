// A member stage: only forwarding to the central stage (infra/central-*.ts), no functions, no
// store, no secret. CloudTrail events go by the same generated rules (read-only state
// included) to the central bus, through a role EventBridge assumes for that one target; the
// clusters' audit log groups are subscribed, with the same generated pattern, to the central
// account's log destination in this region (cross-account: no role on the filter).
import type { Account } from "./alerts.ts";
import type { InfraConfig } from "./config.ts";
import { allowEventRulesToDeadLetter, failedEventsQueue } from "./dlq.ts";
import { auditLogGroupName, EVENT_TARGET_RETRY } from "./ingest.ts";
import { deployedTriggers } from "./triggers.ts";

export function deployMember(config: InfraConfig, where: Account) {
  const central = config.central!;
  const triggers = deployedTriggers(config);
  const busArn = $interpolate`arn:${where.partition}:events:${central.region}:${central.account}:event-bus/${config.intakeName}`;
  const destinationArn = $interpolate`arn:${where.partition}:logs:${where.region}:${central.account}:destination:${config.intakeName}`;
  // What EventBridge could not forward (after 24 h of retries) waits here.
  const failed = failedEventsQueue();

  const rules = triggers.eventRules.map(
    (g) =>
      new aws.cloudwatch.EventRule(`Forward-${g.name}`, {
        name: `cni-auditor-${$app.stage}-Forward-${g.name}`.slice(0, 64),
        description: `cni-auditor ${$app.stage}: forwards ${g.pattern.detail.eventName.join(", ")} (${g.name}) to the central account`,
        eventPattern: JSON.stringify(g.pattern),
        state: g.state,
      }),
  );
  // Only these rules may use the role, and only to put events on the central bus.
  const role = new aws.iam.Role("ForwardToCentralRole", {
    description: `cni-auditor ${$app.stage}: EventBridge forwards CloudTrail events to the central bus`,
    assumeRolePolicy: $jsonStringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": where.account }, ArnEquals: { "aws:SourceArn": rules.map((r) => r.arn) } },
        },
      ],
    }),
    inlinePolicies: [{ name: "put-events-central", policy: $jsonStringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "events:PutEvents", Resource: busArn }] }) }],
  });
  rules.forEach(
    (rule, i) =>
      void new aws.cloudwatch.EventTarget(`Forward-${triggers.eventRules[i]!.name}-Target`, {
        rule: rule.name,
        arn: busArn,
        roleArn: role.arn,
        retryPolicy: EVENT_TARGET_RETRY,
        deadLetterConfig: { arn: failed.arn },
      }),
  );
  allowEventRulesToDeadLetter(failed, rules.map((r) => r.arn));

  // Created for their effect; the outputs below name the clusters.
  if (triggers.filterPattern !== null) {
    for (const cluster of config.clusters) {
      new aws.cloudwatch.LogSubscriptionFilter(`ForwardLogs-${cluster}`, {
        name: `cni-auditor-${$app.stage}`,
        logGroup: auditLogGroupName(cluster),
        filterPattern: triggers.filterPattern,
        destinationArn,
      });
    }
  }

  return {
    mode: "member",
    centralBus: busArn,
    centralDestination: destinationArn,
    forwardRole: role.arn,
    forwardRules: rules.length,
    failedEventsQueue: failed.url,
    clusters: config.clusters.join(",") || "(none: set clusters in infra/config.ts)",
    filterPattern: triggers.filterPattern ?? "(no audit rule enabled)",
  };
}
