// Deploy-time settings, per stage, overridable from the environment (`CNI_AUDITOR_*`), so
// the same checkout deploys to several accounts/regions without edits. Edit STAGES below
// (or set the variables) to list your clusters. Validated here, at `sst deploy` time.
import { ConfigError } from "../shared/errors.ts";
import { parseDuration } from "../shared/config.ts";
import { parseAuditorSettings } from "../shared/settings.ts";
import { isRegion } from "../shared/core/region.ts";
import { SEVERITIES, type Severity } from "../shared/core/severity.ts";
import type { RuleId } from "../shared/types.ts";

export interface InfraConfig {
  /** EKS clusters in this account and region whose `/aws/eks/<name>/cluster` audit logs are read. */
  clusters: string[];
  /** Core tuning, passed to the Lambdas as AUDITOR_CONFIG (see shared/settings.ts). */
  extraSystemUsers: string[];
  cniRoleArns: string[];
  disabledRules: RuleId[];
  allow: Partial<Record<RuleId, string[]>>;
  /** Fold window in event time ("1h"). */
  alertWindow: string;
  slackMinSeverity: Severity;
  snsMinSeverity: Severity;
  /** Optional e-mail subscribed to the alert topic (confirm the mail AWS sends). */
  alertEmail: string | null;
  fleet: {
    /** EventBridge Scheduler expression; daily at 06:00 UTC by default. */
    schedule: string;
    /** Regions to audit; empty = the deploy region. */
    regions: string[];
    /** Member accounts to audit through `roleName`; empty = this account only. */
    accounts: string[];
    /** Role assumed in each member account (must trust this account; see the README, "Deploy"). */
    roleName: string;
  };
  /** How often window updates are swept for closed windows (EventBridge Scheduler). */
  sweepSchedule: string;
  /** CloudWatch Logs retention of the auditor's own functions. */
  logRetention: LogRetention;
  /** Fleet reports older than this are deleted by a bucket lifecycle rule. */
  reportRetentionDays: number;
}

export type LogRetention = "1 week" | "2 weeks" | "1 month" | "3 months" | "6 months" | "1 year";

const BASE: InfraConfig = {
  clusters: [],
  extraSystemUsers: [],
  cniRoleArns: [],
  disabledRules: [],
  allow: {},
  alertWindow: "1h",
  slackMinSeverity: "medium",
  snsMinSeverity: "info",
  alertEmail: null,
  fleet: { schedule: "cron(0 6 * * ? *)", regions: [], accounts: [], roleName: "cni-auditor-fleet-read" },
  sweepSchedule: "rate(10 minutes)",
  logRetention: "1 month",
  reportRetentionDays: 90,
};

/** Per-stage differences from BASE. Put your clusters here. */
const PRODUCTION: Partial<InfraConfig> = { logRetention: "3 months", reportRetentionDays: 365 };
const STAGES: Record<string, Partial<InfraConfig>> = {
  prod: PRODUCTION,
  production: PRODUCTION,
  // Example: dev: { clusters: ["dev-eu-1"], slackMinSeverity: "low" },
};

/** Environment overrides: comma lists for lists, plain values otherwise. */
const ENV = {
  clusters: "CNI_AUDITOR_CLUSTERS",
  extraSystemUsers: "CNI_AUDITOR_EXTRA_SYSTEM_USERS",
  cniRoleArns: "CNI_AUDITOR_CNI_ROLE_ARNS",
  alertWindow: "CNI_AUDITOR_ALERT_WINDOW",
  slackMinSeverity: "CNI_AUDITOR_SLACK_MIN_SEVERITY",
  snsMinSeverity: "CNI_AUDITOR_SNS_MIN_SEVERITY",
  alertEmail: "CNI_AUDITOR_ALERT_EMAIL",
  fleetSchedule: "CNI_AUDITOR_FLEET_SCHEDULE",
  fleetRegions: "CNI_AUDITOR_FLEET_REGIONS",
  fleetAccounts: "CNI_AUDITOR_FLEET_ACCOUNTS",
  fleetRoleName: "CNI_AUDITOR_FLEET_ROLE_NAME",
  sweepSchedule: "CNI_AUDITOR_SWEEP_SCHEDULE",
} as const;

export function loadInfraConfig(stage: string, env: Record<string, string | undefined> = {}): InfraConfig {
  const staged = STAGES[stage] ?? {};
  const c: InfraConfig = { ...BASE, ...staged, fleet: { ...BASE.fleet, ...staged.fleet } };
  const list = (name: string): string[] | undefined =>
    env[name] === undefined ? undefined : env[name]!.split(",").map((s) => s.trim()).filter(Boolean);
  const text = (name: string): string | undefined => (env[name]?.trim() ? env[name]!.trim() : undefined);
  c.clusters = list(ENV.clusters) ?? c.clusters;
  c.extraSystemUsers = list(ENV.extraSystemUsers) ?? c.extraSystemUsers;
  c.cniRoleArns = list(ENV.cniRoleArns) ?? c.cniRoleArns;
  c.alertWindow = text(ENV.alertWindow) ?? c.alertWindow;
  c.slackMinSeverity = (text(ENV.slackMinSeverity) as Severity | undefined) ?? c.slackMinSeverity;
  c.snsMinSeverity = (text(ENV.snsMinSeverity) as Severity | undefined) ?? c.snsMinSeverity;
  c.alertEmail = text(ENV.alertEmail) ?? c.alertEmail;
  c.fleet.schedule = text(ENV.fleetSchedule) ?? c.fleet.schedule;
  c.fleet.regions = list(ENV.fleetRegions) ?? c.fleet.regions;
  c.fleet.accounts = list(ENV.fleetAccounts) ?? c.fleet.accounts;
  c.fleet.roleName = text(ENV.fleetRoleName) ?? c.fleet.roleName;
  c.sweepSchedule = text(ENV.sweepSchedule) ?? c.sweepSchedule;
  validate(c);
  return c;
}

/** AUDITOR_CONFIG for the Lambdas: the same JSON the CLI's `--config` takes. */
export function auditorConfigJson(c: InfraConfig): string {
  return JSON.stringify({
    extraSystemUsers: c.extraSystemUsers,
    cniRoleArns: c.cniRoleArns,
    disabledRules: c.disabledRules,
    allow: c.allow,
  });
}

function validate(c: InfraConfig): void {
  const fail = (msg: string): never => {
    throw new ConfigError(`infra config: ${msg}`);
  };
  // EKS cluster names: 1–100 characters, alphanumeric first, then alphanumerics, - and _.
  for (const name of c.clusters) {
    if (!/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(name)) fail(`"${name}" is not an EKS cluster name`);
  }
  if (new Set(c.clusters).size !== c.clusters.length) fail("clusters are listed twice");
  parseDuration(c.alertWindow, "infra config: alertWindow");
  for (const s of [c.slackMinSeverity, c.snsMinSeverity]) {
    if (!SEVERITIES.includes(s)) fail(`severity "${s}" is not one of ${SEVERITIES.join(", ")}`);
  }
  for (const [what, expr] of [["fleet.schedule", c.fleet.schedule], ["sweepSchedule", c.sweepSchedule]] as const) {
    if (!/^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\([^()]+\))$/.test(expr)) {
      fail(`${what} "${expr}" is not a rate(...) or cron(...) expression`);
    }
  }
  for (const a of c.fleet.accounts) if (!/^\d{12}$/.test(a)) fail(`fleet account "${a}" is not a 12-digit id`);
  for (const r of c.fleet.regions) if (!isRegion(r)) fail(`"${r}" is not a region`);
  // IAM role names: 1–64 of [\w+=,.@-]; no wildcards, so sts:AssumeRole stays on one name.
  if (!/^[\w+=,.@-]{1,64}$/.test(c.fleet.roleName)) fail(`fleet.roleName "${c.fleet.roleName}" is not a role name`);
  if (c.alertEmail !== null && !/^[^@\s]+@[^@\s]+$/.test(c.alertEmail)) fail(`alertEmail "${c.alertEmail}" is not an address`);
  if (!Number.isInteger(c.reportRetentionDays) || c.reportRetentionDays < 1) fail("reportRetentionDays must be a positive integer");
  // The Lambdas parse the same JSON at cold start; refuse here what they would refuse there.
  parseAuditorSettings(auditorConfigJson(c), "infra config");
}
