// Deploy-time settings, per stage, overridable from the environment (`CNI_AUDITOR_*`), so
// the same checkout deploys to several accounts/regions without edits. Edit STAGES below
// (or set the variables) to list your clusters. One schema (INFRA_CONFIG), checked at
// `sst deploy` time; the sinks' settings come from their descriptors (shared/sinks/).
import { parseAuditorSettings } from "../shared/settings.ts";
import { ConfigError } from "../shared/errors.ts";
import { PLACEHOLDER_TOPIC, plaintextSecrets, withCreatedTopics } from "../shared/routing/deploy-sinks.ts";
import * as v from "valibot";
import { eachMatches, parseSettings, quoted, stringList } from "../shared/schema.ts";
import { SINK_NAMES, SINKS, type SinkName } from "../shared/sinks/index.ts";
import { PARAMETER_NAME } from "../shared/sinks/slack-descriptor.ts";
import { REGION } from "../shared/core/region.ts";
import { SEVERITIES, type Severity } from "../shared/core/severity.ts";
import type { RuleId } from "../shared/rules/ids.ts";
import { checkDuration } from "../shared/config.ts";
import { MODE_SETTINGS, resolveModes, type ResolvedModes } from "./modes.ts";

export const FUNCTION_NAMES = ["AuditLogs", "AuditLogStream", "CloudTrail", "FleetReport", "FleetWorker", "Sweep"] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];
export type LogRetention = "1 week" | "2 weeks" | "1 month" | "3 months" | "6 months" | "1 year";
const LOG_RETENTIONS: LogRetention[] = ["1 week", "2 weeks", "1 month", "3 months", "6 months", "1 year"];

const severity = v.picklist(SEVERITIES, (i) => `${quoted(i.input)} is not a severity (${SEVERITIES.join(", ")})`);
const schedule = v.pipe(
  v.string(),
  v.regex(/^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\([^()]+\))$/, (i) => `${quoted(i.input)} is not a rate(...) or cron(...) expression`),
);

/** Per sink: `<sink>MinSeverity` (e.g. slackMinSeverity), defaulting to the descriptor's. */
type SinkSeverities = { [K in SinkName as `${K}MinSeverity`]: Severity };
const sinkSeverityEntries = Object.fromEntries(SINK_NAMES.map((n) => [`${n}MinSeverity`, v.optional(severity, SINKS[n].minSeverity.default)])) as {
  [K in keyof SinkSeverities]: v.OptionalSchema<typeof severity, Severity>;
};

/** Sinks that are off unless turned on (`<sink>Enabled`; their descriptor has `optIn`). */
export const OPT_IN_SINKS = SINK_NAMES.filter((n) => SINKS[n].optIn !== undefined);
type OptInSink = "securityhub";
const sinkSwitchEntries = Object.fromEntries(OPT_IN_SINKS.map((n) => [`${n}Enabled`, v.optional(v.boolean("must be true or false"), false)])) as {
  [K in OptInSink as `${K}Enabled`]: v.OptionalSchema<v.BooleanSchema<string>, false>;
};

/** Whether the stack deploys this sink: always, or (opt-in sinks) when the config turns it on. */
export function sinkEnabled(config: InfraConfig, name: SinkName): boolean {
  return SINKS[name].optIn === undefined || (config as unknown as Record<string, unknown>)[`${name}Enabled`] === true;
}

/** The sinks whose descriptor declares a secret (an SSM parameter name per stage). */
const SECRET_SINKS = SINK_NAMES.filter((n) => SINKS[n].secret !== undefined);

const INFRA_CONFIG = v.strictObject(
  {
    /** standalone | central | member, protection, and what central and members share (modes.ts). */
    ...MODE_SETTINGS,
    /** EKS clusters in this account and region whose `/aws/eks/<name>/cluster` audit logs are read. */
    clusters: v.optional(
      v.pipe(
        stringList,
        // EKS cluster names: 1–100 characters, alphanumeric first, then alphanumerics, - and _.
        eachMatches(/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/, "an EKS cluster name"),
        v.check((l) => new Set(l).size === l.length, "are listed twice"),
      ),
      [],
    ),
    /** Core tuning, passed to the Lambdas as AUDITOR_CONFIG (see shared/settings.ts). */
    extraSystemUsers: v.optional(stringList, []),
    cniRoleArns: v.optional(stringList, []),
    disabledRules: v.optional(v.array(v.string()), []),
    allow: v.optional(v.record(v.string(), stringList), {}),
    /**
     * Routing (README "Routing"): named sinks and routes, the settings' `sinks` and `routes` (checked
     * by shared/settings.ts below). An `sns:<name>` sink without ALERT_TOPIC_ARN gets a topic of the stack.
     */
    routing: v.optional(v.strictObject({ sinks: v.optional(v.record(v.string(), v.record(v.string(), v.string()))), routes: v.optional(v.array(v.unknown())) }), {}),
    /** Fold window in event time ("1h"). */
    alertWindow: v.optional(v.pipe(v.string(), v.check((s) => typeof checkDuration(s) === "number", (i) => `${quoted(i.input)} is not a duration of 1s or more`)), "1h"),
    ...sinkSeverityEntries,
    ...sinkSwitchEntries,
    /** Per sink with a secret: the SSM parameter (SecureString) that holds it; unset = sink off. */
    secrets: v.optional(
      v.record(
        v.picklist(SECRET_SINKS, (i) => `${quoted(i.input)} is not a sink with a secret (${SECRET_SINKS.join(", ")})`),
        v.pipe(v.string(), v.regex(PARAMETER_NAME, (i) => `${quoted(i.input)} is not an SSM parameter name`)),
      ),
      {},
    ),
    /** Optional e-mail subscribed to the alert topic (confirm the mail AWS sends). */
    alertEmail: v.optional(v.nullable(v.pipe(v.string(), v.regex(/^[^@\s]+@[^@\s]+$/, (i) => `${quoted(i.input)} is not an address`))), null),
    fleet: v.optional(
      v.strictObject({
        /** EventBridge Scheduler expression; daily at 06:00 UTC by default. */
        schedule: v.optional(schedule, "cron(0 6 * * ? *)"),
        /** Regions to audit; empty = the deploy region. */
        regions: v.optional(v.pipe(stringList, eachMatches(REGION, "a region")), []),
        /** Member accounts to audit through `roleName`; empty = this account only. */
        accounts: v.optional(v.pipe(stringList, eachMatches(/^\d{12}$/, "a 12-digit account id")), []),
        /** Role assumed in each member account (must trust this account; see the README, "Deploy"). */
        // IAM role names: 1–64 of [\w+=,.@-]; no wildcards, so sts:AssumeRole stays on one name.
        roleName: v.optional(v.pipe(v.string(), v.regex(/^[\w+=,.@-]{1,64}$/, (i) => `${quoted(i.input)} is not a role name`)), "cni-auditor-fleet-read"),
        /**
         * A run with more account-regions than this fans out over the fleet queue, one worker per
         * account-region (README, "Fleet audit at scale"); null: always one run, no queue.
         */
        fanoutAbove: v.optional(v.nullable(v.pipe(v.number("must be a whole number, or null (off)"), v.integer("must be a whole number, or null (off)"), v.minValue(0, "must be 0 or more"))), 8),
      }),
      {},
    ),
    /** How often window updates are swept for closed windows (EventBridge Scheduler). */
    sweepSchedule: v.optional(schedule, "rate(10 minutes)"),
    /** CloudWatch Logs retention of the auditor's own functions. */
    logRetention: v.optional(v.picklist(LOG_RETENTIONS, (i) => `${quoted(i.input)} is not one of ${LOG_RETENTIONS.join(", ")}`), "1 month"),
    /** Fleet reports older than this are deleted by a bucket lifecycle rule. */
    reportRetentionDays: v.optional(v.pipe(v.number(), v.integer("must be a positive integer"), v.minValue(1, "must be a positive integer")), 90),
    /**
     * Reserved concurrency per function (a cost and blast-radius bound). Off by default:
     * reserving on an account with a low concurrency quota fails the deploy.
     */
    reservedConcurrency: v.optional(
      v.record(
        v.picklist(FUNCTION_NAMES, (i) => `${quoted(i.input)} is not a function (${FUNCTION_NAMES.join(", ")})`),
        v.pipe(v.number("must be a whole number"), v.integer("must be a whole number"), v.minValue(0, "must be 0 or more")),
      ),
      {},
    ),
  },
  (i) => `unknown setting ${quoted(i.input)}`,
);

type Parsed = v.InferOutput<typeof INFRA_CONFIG>;
export type InfraConfig = Omit<Parsed, "disabledRules" | "allow" | "fleet" | keyof ResolvedModes> & ResolvedModes & {
  disabledRules: RuleId[];
  allow: Partial<Record<RuleId, string[]>>;
  fleet: Required<Parsed["fleet"]>;
};
/** What a stage may set: any setting, nested objects in part. */
export type StageSettings = Partial<v.InferInput<typeof INFRA_CONFIG>>;

/**
 * Per-stage differences from the defaults. Put your clusters here. Every stage is protected
 * (`protect`, modes.ts) unless it says `ephemeral: true` or `protect: false`; the name of a
 * stage decides nothing. Multi-account: README, "An organization".
 */
const PRODUCTION: StageSettings = { logRetention: "3 months", reportRetentionDays: 365 };
export const STAGES: Record<string, StageSettings> = {
  prod: PRODUCTION,
  production: PRODUCTION,
  // Example: dev: { clusters: ["dev-eu-1"], slackMinSeverity: "low", ephemeral: true },
};

const PREFIX = "CNI_AUDITOR_";
type Override = { path: readonly [string] | readonly [string, string]; kind: "list" | "text" | "pairs" | "bool" | "json" | "countOrOff" };
/** Environment overrides (`CNI_AUDITOR_<NAME>`): comma lists for lists, `Name=n,…` for pairs. */
const ENV: Record<string, Override> = {
  MODE: { path: ["mode"], kind: "text" },
  EPHEMERAL: { path: ["ephemeral"], kind: "bool" },
  PROTECT: { path: ["protect"], kind: "bool" },
  INTAKE_NAME: { path: ["intakeName"], kind: "text" },
  CENTRAL_ACCOUNT: { path: ["central", "account"], kind: "text" },
  CENTRAL_REGION: { path: ["central", "region"], kind: "text" },
  MEMBERS_ORGANIZATION_ID: { path: ["members", "organizationId"], kind: "text" },
  MEMBERS_ACCOUNTS: { path: ["members", "accounts"], kind: "list" },
  MEMBERS_REGIONS: { path: ["members", "regions"], kind: "list" },
  CLUSTERS: { path: ["clusters"], kind: "list" },
  EXTRA_SYSTEM_USERS: { path: ["extraSystemUsers"], kind: "list" },
  CNI_ROLE_ARNS: { path: ["cniRoleArns"], kind: "list" },
  ALERT_WINDOW: { path: ["alertWindow"], kind: "text" },
  ALERT_EMAIL: { path: ["alertEmail"], kind: "text" },
  FLEET_SCHEDULE: { path: ["fleet", "schedule"], kind: "text" },
  FLEET_REGIONS: { path: ["fleet", "regions"], kind: "list" },
  FLEET_ACCOUNTS: { path: ["fleet", "accounts"], kind: "list" },
  FLEET_ROLE_NAME: { path: ["fleet", "roleName"], kind: "text" },
  FLEET_FANOUT_ABOVE: { path: ["fleet", "fanoutAbove"], kind: "countOrOff" },
  SWEEP_SCHEDULE: { path: ["sweepSchedule"], kind: "text" },
  RESERVED_CONCURRENCY: { path: ["reservedConcurrency"], kind: "pairs" },
  ROUTING: { path: ["routing"], kind: "json" },
  // Each sink: CNI_AUDITOR_<its severity variable>, CNI_AUDITOR_<its secret variable>.
  ...Object.fromEntries(
    SINK_NAMES.flatMap((n) => {
      const d = SINKS[n];
      const rows: Array<[string, Override]> = [[d.minSeverity.variable, { path: [`${n}MinSeverity`], kind: "text" }]];
      if (d.secret) rows.push([d.secret.variable, { path: ["secrets", n], kind: "text" }]);
      if (d.optIn) rows.push([d.optIn.variable, { path: [`${n}Enabled`], kind: "bool" }]);
      return rows;
    }),
  ),
};

function overrideValue(kind: Override["kind"], raw: string): unknown {
  if (kind === "text") return raw.trim() || undefined;
  if (kind === "json") {
    try {
      return raw.trim() ? JSON.parse(raw) : undefined;
    } catch {
      return raw; // not an object: the schema names it
    }
  }
  // A whole number, or "off" (null: always one run); anything else stays a string and the schema names it.
  if (kind === "countOrOff") {
    const t = raw.trim();
    if (t.toLowerCase() === "off") return null;
    return /^-?\d+$/.test(t) ? Number(t) : t || undefined;
  }
  // "true"/"false" (any case); anything else stays a string and the schema names it.
  if (kind === "bool") return ({ true: true, false: false } as Record<string, boolean>)[raw.trim().toLowerCase()] ?? (raw.trim() || undefined);
  const items = raw.split(",").map((s) => s.trim()).filter(Boolean);
  if (kind === "list") return items;
  // "AuditLogs=10" → { AuditLogs: 10 }; a bad number stays a string and the schema names it.
  return Object.fromEntries(items.map((p) => [p.split("=")[0]!.trim(), /^\d+$/.test(p.split("=")[1]?.trim() ?? "") ? Number(p.split("=")[1]) : p]));
}

/** `stages`: the table of stage settings (STAGES; tests and the README's example pass their own). */
export function loadInfraConfig(stage: string, env: Record<string, string | undefined> = {}, stages: Record<string, StageSettings> = STAGES): InfraConfig {
  const staged = stages[stage] ?? {};
  const merged: Record<string, unknown> = { ...staged, fleet: { ...staged.fleet }, secrets: { ...staged.secrets } };
  // Nested settings that only some modes have exist only once something sets them.
  const nested = (key: "central" | "members") => (merged[key] = { ...(merged[key] as object | undefined) }) as Record<string, unknown>;
  for (const [name, o] of Object.entries(ENV)) {
    const raw = env[PREFIX + name];
    if (raw === undefined) continue;
    const value = overrideValue(o.kind, raw);
    if (value === undefined) continue;
    if (o.path.length === 1) merged[o.path[0]] = value;
    else if (o.path[0] === "central" || o.path[0] === "members") nested(o.path[0])[o.path[1]] = value;
    else (merged[o.path[0]] as Record<string, unknown>)[o.path[1]] = value;
  }
  const parsed = parseSettings(INFRA_CONFIG, merged, "infra config");
  const c = { ...parsed, ...resolveModes(parsed) } as InfraConfig;
  // The Lambdas parse the same JSON at cold start; refuse here what they would refuse there.
  parseAuditorSettings(auditorConfigJson(c), "infra config");
  const plain = plaintextSecrets(c.routing.sinks ?? {});
  if (plain.length > 0) throw new ConfigError(`infra config: routing.sinks ${plain.join(", ")}: give the secret as its SSM parameter (e.g. SLACK_WEBHOOK_PARAMETER), never the value`);
  return c;
}

/** AUDITOR_CONFIG for the Lambdas: the same JSON the CLI's `--config` takes. */
export function auditorConfigJson(c: InfraConfig): string {
  return JSON.stringify(auditorSettings(c, () => PLACEHOLDER_TOPIC));
}

/** The settings object, with the topics the stack creates for named SNS sinks given by `topicArn`. */
export function auditorSettings<A>(c: InfraConfig, topicArn: (sink: string) => A) {
  const sinks = c.routing.sinks ?? {};
  return {
    extraSystemUsers: c.extraSystemUsers,
    cniRoleArns: c.cniRoleArns,
    disabledRules: c.disabledRules,
    allow: c.allow,
    ...(Object.keys(sinks).length > 0 ? { sinks: withCreatedTopics(sinks, topicArn) } : {}),
    ...(c.routing.routes && c.routing.routes.length > 0 ? { routes: c.routing.routes } : {}),
  };
}
