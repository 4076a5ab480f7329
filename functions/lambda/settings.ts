// The event functions' environment (set by infra/context.ts), one schema, read and validated once at cold start. Every
// problem is a ConfigError naming the variable; the Slack webhook URL is never echoed.

import { defaultConfig, type AuditorConfig } from "../../shared/config.ts";
import { parseAuditorSettings } from "../../shared/settings.ts";
import * as v from "valibot";
import { durationMs, envText, parseSettings, quoted, requiredEnv } from "../../shared/schema.ts";
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

const LAMBDA_ENV = v.object({
  DEDUP_TABLE: v.pipe(
    requiredEnv(" (the DynamoDB dedup table name)"),
    v.regex(TABLE_NAME, (i) => `${quoted(i.input)} is not a DynamoDB table name`),
  ),
  AUDITOR_CONFIG: v.pipe(envText, v.transform((s) => (s ? parseAuditorSettings(s, "AUDITOR_CONFIG") : {}))),
  ALERT_WINDOW: v.pipe(envText, v.transform((s) => s || undefined), v.optional(durationMs)),
  AWS_REGION: v.pipe(envText, v.transform((s) => s || null)),
});

export function readLambdaSettings(env: Env): LambdaSettings {
  const e = parseSettings(LAMBDA_ENV, env);
  const config = defaultConfig({ ...e.AUDITOR_CONFIG, ...(e.ALERT_WINDOW !== undefined ? { windowMs: e.ALERT_WINDOW } : {}) });
  return { table: e.DEDUP_TABLE, config, sinks: readSinkSettings(env), region: e.AWS_REGION };
}
