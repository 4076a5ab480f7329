// The sinks registry: which sinks exist, and how the Lambdas build them from their environment
// (set by infra/context.ts: SLACK_WEBHOOK_URL, ALERT_TOPIC_ARN, SLACK_MIN_SEVERITY, SNS_MIN_SEVERITY).

import { SNSClient } from "@aws-sdk/client-sns";
import { ConfigError } from "../errors.ts";
import { SEVERITIES, parseSeverity as severityNamed, type Severity } from "../core/severity.ts";
import type { AlertSink } from "./sink.ts";
import { slackSink } from "./slack.ts";
import { snsSink } from "./sns.ts";

export type { AlertSink, Delivery, DeliveryKind } from "./sink.ts";
export { accepts } from "./sink.ts";
export { SinkRateLimitedError } from "../errors.ts";
export { buildSlackPayload, slackSink } from "./slack.ts";
export { buildSnsPublish, snsSink } from "./sns.ts";

export type Env = Readonly<Record<string, string | undefined>>;

export interface SinkSettings {
  slack: { webhookUrl: string; minSeverity: Severity } | null;
  sns: { topicArn: string; minSeverity: Severity } | null;
}

export interface SinkDeps {
  /** For the Slack webhook (default: global fetch). */
  fetch?: typeof fetch;
  /** SNS client, created once per container by the caller (default: a new client). */
  sns?: SNSClient;
  /** Per Slack request (default 10 s). */
  slackTimeoutMs?: number;
}

export function parseSeverity(value: string | undefined, name: string, fallback: Severity): Severity {
  const v = value?.trim().toLowerCase();
  if (!v) return fallback;
  const severity = severityNamed(v);
  if (severity) return severity;
  throw new ConfigError(`${name}: "${value}" is not a severity (${SEVERITIES.join(", ")})`);
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

/** The webhook URL is a secret: errors describe what is wrong with it, never echo it. */
function webhookUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError("SLACK_WEBHOOK_URL is not a URL");
  }
  const plainHttpOk = url.protocol === "http:" && LOOPBACK.has(url.hostname);
  if (url.protocol !== "https:" && !plainHttpOk) throw new ConfigError("SLACK_WEBHOOK_URL must be an https URL");
  return url.href;
}

/** Reads and validates the sink settings; throws ConfigError. Unset or empty = sink off. */
export function readSinkSettings(env: Env): SinkSettings {
  const hook = env.SLACK_WEBHOOK_URL?.trim();
  const topic = env.ALERT_TOPIC_ARN?.trim();
  if (topic && !TOPIC_ARN.test(topic)) throw new ConfigError(`ALERT_TOPIC_ARN: "${topic}" is not an SNS topic ARN`);
  return {
    slack: hook ? { webhookUrl: webhookUrl(hook), minSeverity: parseSeverity(env.SLACK_MIN_SEVERITY, "SLACK_MIN_SEVERITY", "medium") } : null,
    sns: topic ? { topicArn: topic, minSeverity: parseSeverity(env.SNS_MIN_SEVERITY, "SNS_MIN_SEVERITY", "info") } : null,
  };
}

export function createSinks(settings: SinkSettings, deps: SinkDeps = {}): AlertSink[] {
  const sinks: AlertSink[] = [];
  if (settings.slack) {
    sinks.push(
      slackSink({
        ...settings.slack,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        ...(deps.slackTimeoutMs ? { timeoutMs: deps.slackTimeoutMs } : {}),
      }),
    );
  }
  if (settings.sns) sinks.push(snsSink({ ...settings.sns, client: deps.sns ?? new SNSClient({}) }));
  return sinks;
}

/** The configured sinks (possibly none) from a Lambda environment; throws ConfigError. */
export function sinksFromEnv(env: Env, deps: SinkDeps = {}): AlertSink[] {
  return createSinks(readSinkSettings(env), deps);
}
