// What the function groups share: where they deploy, the storage, the alert sinks, the
// failure queue; and the environment/IAM inputs built from them.
import type { Alerts, Account } from "./alerts.ts";
import type { InfraConfig } from "./config.ts";
import { auditorConfigJson } from "./config.ts";
import type { PolicyInputs } from "./permissions.ts";
import type { Storage } from "./storage.ts";

export interface Deps {
  config: InfraConfig;
  where: Account;
  storage: Storage;
  alerts: Alerts;
  failed: aws.sqs.Queue;
}

export function policyInputs(d: Deps): PolicyInputs<$util.Output<string>> {
  return {
    partition: d.where.partition,
    account: d.where.account,
    region: d.where.region,
    table: d.storage.table.arn,
    topic: d.alerts.topic.arn,
    topicKey: d.alerts.topicKey.arn,
    bucket: d.storage.reports.arn,
    dlq: d.failed.arn,
    fleetRoleName: d.config.fleet.roleName,
    join: (...parts) => $concat(...parts),
  };
}

/** The sinks every function sends to. */
export function sinkEnvironment(d: Deps): Record<string, $util.Input<string>> {
  return {
    ALERT_TOPIC_ARN: d.alerts.topic.arn,
    SLACK_WEBHOOK_URL: d.alerts.slackWebhookUrl.value,
    SLACK_MIN_SEVERITY: d.alerts.settings.SLACK_MIN_SEVERITY,
    SNS_MIN_SEVERITY: d.alerts.settings.SNS_MIN_SEVERITY,
  };
}

/** Plus the dedup store and core settings, for the event and sweep functions. */
export function dedupEnvironment(d: Deps): Record<string, $util.Input<string>> {
  return {
    ...sinkEnvironment(d),
    DEDUP_TABLE: d.storage.table.name,
    ALERT_WINDOW: d.alerts.settings.ALERT_WINDOW,
    AUDITOR_CONFIG: auditorConfigJson(d.config),
  };
}
