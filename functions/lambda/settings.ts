// The Lambdas' environment (set by infra/context.ts), read and validated once at cold start. Every
// problem is a ConfigError naming the variable; the Slack webhook URL is never echoed.

import { defaultConfig, parseDuration, type AuditorConfig } from "../../shared/config.ts";
import { ConfigError } from "../../shared/errors.ts";
import { parseAuditorSettings } from "../../shared/settings.ts";
import { readSinkSettings, type Env, type SinkSettings } from "../../shared/sinks/index.ts";

export interface LambdaSettings {
  /** DynamoDB dedup table. */
  table: string;
  config: AuditorConfig;
  sinks: SinkSettings;
  /** The function's region (AWS_REGION), the default placement of events that name none. */
  region: string | null;
}

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

export function readLambdaSettings(env: Env): LambdaSettings {
  const table = env.DEDUP_TABLE?.trim() ?? "";
  if (table === "") throw new ConfigError("DEDUP_TABLE is required (the DynamoDB dedup table name)");
  if (!TABLE_NAME.test(table)) throw new ConfigError(`DEDUP_TABLE: "${table}" is not a DynamoDB table name`);
  const fromJson = env.AUDITOR_CONFIG?.trim() ? parseAuditorSettings(env.AUDITOR_CONFIG, "AUDITOR_CONFIG") : {};
  const window = env.ALERT_WINDOW?.trim();
  const config = defaultConfig({
    ...fromJson,
    ...(window ? { windowMs: parseDuration(window, "ALERT_WINDOW") } : {}),
  });
  return { table, config, sinks: readSinkSettings(env), region: env.AWS_REGION?.trim() || null };
}
