// The event functions' environment (set by infra/context.ts), one schema, read and validated once at cold start. Every
// problem is a ConfigError naming the variable; the Slack webhook URL is never echoed.

import { defaultConfig, type AuditorConfig } from "../../shared/config.ts";
import { parseAuditorSettings } from "../../shared/settings.ts";
import * as v from "valibot";
import { durationMs, envList, envText, parseSettings, quoted, requiredEnv } from "../../shared/schema.ts";
import { REGION } from "../../shared/core/region.ts";
import { ConfigError } from "../../shared/errors.ts";
import { readSinkSettings, type Env, type SinkSettings } from "../../shared/sinks/index.ts";

export interface LambdaSettings {
  /** DynamoDB dedup table. */
  table: string;
  config: AuditorConfig;
  sinks: SinkSettings;
  /** The function's region (AWS_REGION), the default placement of events that name none. */
  region: string | null;
  /** New cluster log groups get this subscription (the cloudtrail function; null: not set up). */
  coverage: CoverageSettings | null;
  /** The sweep's audit-source-silent reads (null: not set up, the sweep reads no metrics). */
  sourceActivity: SourceActivitySettings | null;
}

export interface SourceActivitySettings {
  regions: string[];
  /** Member accounts read through `roleName` (central stages); empty: the function's own account. */
  accounts: string[];
  roleName: string | null;
  quietMs: number;
}

export interface CoverageSettings {
  filterName: string;
  filterPattern: string;
  destinationArn: string;
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
  COVERAGE_FILTER_NAME: envText,
  COVERAGE_FILTER_PATTERN: envText,
  COVERAGE_DESTINATION_ARN: v.pipe(envText, v.check((s) => s === "" || /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+$/.test(s), "is not a Lambda function ARN")),
  SOURCE_ACTIVITY_REGIONS: envList(REGION, "a region"),
  SOURCE_ACTIVITY_ACCOUNTS: envList(/^\d{12}$/, "a 12-digit account id"),
  SOURCE_ACTIVITY_ROLE_NAME: envText,
  SOURCE_SILENT_AFTER: v.pipe(envText, v.transform((s) => s || "30m"), durationMs),
});

export function readLambdaSettings(env: Env): LambdaSettings {
  const e = parseSettings(LAMBDA_ENV, env);
  const config = defaultConfig({ ...e.AUDITOR_CONFIG, ...(e.ALERT_WINDOW !== undefined ? { windowMs: e.ALERT_WINDOW } : {}) });
  const coverage = e.COVERAGE_DESTINATION_ARN && e.COVERAGE_FILTER_NAME && e.COVERAGE_FILTER_PATTERN
    ? { filterName: e.COVERAGE_FILTER_NAME, filterPattern: e.COVERAGE_FILTER_PATTERN, destinationArn: e.COVERAGE_DESTINATION_ARN }
    : null;
  if (e.SOURCE_ACTIVITY_ACCOUNTS.length > 0 && !e.SOURCE_ACTIVITY_ROLE_NAME) throw new ConfigError("SOURCE_ACTIVITY_ACCOUNTS needs SOURCE_ACTIVITY_ROLE_NAME (the member role)");
  const sourceActivity = e.SOURCE_ACTIVITY_REGIONS.length > 0
    ? { regions: e.SOURCE_ACTIVITY_REGIONS, accounts: e.SOURCE_ACTIVITY_ACCOUNTS, roleName: e.SOURCE_ACTIVITY_ROLE_NAME || null, quietMs: e.SOURCE_SILENT_AFTER }
    : null;
  return { table: e.DEDUP_TABLE, config, sinks: readSinkSettings(env), region: e.AWS_REGION, coverage, sourceActivity };
}
