// What the function groups share: where they deploy, the storage, the alert sinks, the
// failure queue; and the environment/IAM inputs built from them.
import type { Alerts, Account } from "./alerts.ts";
import type { InfraConfig } from "./config.ts";
import { auditorConfigJson, sinkEnabled } from "./config.ts";
import { SINK_NAMES, SINKS, type SinkName, type SinkResources } from "../shared/sinks/index.ts";
import type { PolicyInputs } from "./permissions.ts";
import type { Storage } from "./storage.ts";

export interface Deps {
  config: InfraConfig;
  where: Account;
  storage: Storage;
  alerts: Alerts;
  failed: aws.sqs.Queue;
}

/** ARN of an SSM parameter from its name ("/a/b" and "a/b" are both `parameter/a/b`). */
export function parameterArn(d: Deps, name: string): $util.Output<string> {
  return $interpolate`arn:${d.where.partition}:ssm:${d.where.region}:${d.where.account}:parameter/${name.replace(/^\//, "")}`;
}

function secretArns(d: Deps): Partial<Record<SinkName, $util.Output<string>>> {
  return Object.fromEntries(Object.entries(d.config.secrets).map(([sink, name]) => [sink, parameterArn(d, name!)]));
}

export function policyInputs(d: Deps): PolicyInputs<$util.Output<string>> {
  return {
    fleetAccounts: d.config.fleet.accounts,
    secrets: secretArns(d),
    enabledSinks: SINK_NAMES.filter((n) => sinkEnabled(d.config, n)),
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

/**
 * The sinks every function sends to, from their descriptors: each one's minimum severity, the
 * name (never the value) of its secret parameter when one is configured, and its own variables.
 */
export function sinkEnvironment(d: Deps): Record<string, $util.Input<string>> {
  const inputs = policyInputs(d);
  const env: Record<string, $util.Input<string>> = {};
  for (const name of SINK_NAMES) {
    if (!sinkEnabled(d.config, name)) continue;
    const sink = SINKS[name];
    const secret = d.config.secrets[name as keyof typeof d.config.secrets];
    const resources: SinkResources<$util.Output<string>> = { ...inputs, secretArn: inputs.secrets[name] ?? null };
    Object.assign(env, sink.environment(resources));
    env[sink.minSeverity.variable] = d.config[`${name}MinSeverity`];
    if (sink.secret && secret) env[sink.secret.variable] = secret;
  }
  return env;
}

/** Plus the dedup store and core settings, for the event and sweep functions. */
export function dedupEnvironment(d: Deps): Record<string, $util.Input<string>> {
  return {
    ...sinkEnvironment(d),
    DEDUP_TABLE: d.storage.table.name,
    ALERT_WINDOW: d.config.alertWindow,
    AUDITOR_CONFIG: auditorConfigJson(d.config),
  };
}
