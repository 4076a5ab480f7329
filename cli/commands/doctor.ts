// `cni-auditor doctor`: after a deploy, with the user's credentials, checks a stage end to end —
// the cluster log groups carry the auditor's filter, its EventBridge rules are there in the right
// state, a trail logs management events, the secrets are readable — then sends a test alert
// through every sink. Exit 0: every check passed (skips allowed); 1: one failed; 2: usage.
import { readFileSync } from "node:fs";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SecurityHubClient } from "@aws-sdk/client-securityhub";
import { SNSClient } from "@aws-sdk/client-sns";
import { SSMClient } from "@aws-sdk/client-ssm";
import { loadInfraConfig, sinkEnabled, STAGES, type StageSettings } from "../../infra/config.ts";
import { deployedTriggers } from "../../infra/triggers.ts";
import { systemClock } from "../../shared/delivery/clock.ts";
import { createSinks, readSinkSettings } from "../../shared/sinks/index.ts";
import { checkEventRules, checkLogFilters, checkSecrets, checkTrail, type CheckRow } from "../doctor/checks.ts";
import { checkSecurityHub } from "../doctor/securityhub.ts";
import { doctorJson, doctorTable } from "../doctor/table.ts";
import { checkSinks, testAlert } from "../doctor/test-alert.ts";
import { EXIT_OK, EXIT_USAGE, type CliIo } from "../io.ts";
import { inert } from "../terminal-text.ts";

export interface DoctorOptions {
  stage: string;
  settings: string | undefined;
  region: string;
  profile: string | undefined;
  topicArn: string | undefined;
  testAlert: boolean;
  json: boolean;
}

export const EXIT_FAILED = 1;

export async function runDoctor(opts: DoctorOptions, io: CliIo): Promise<number> {
  let stages: Record<string, StageSettings> = STAGES;
  try {
    if (opts.settings) stages = JSON.parse(readFileSync(opts.settings, "utf8")) as Record<string, StageSettings>;
  } catch (e) {
    io.stderr.write(`${inert(`cni-auditor doctor: ${opts.settings}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)}\n`);
    return EXIT_USAGE;
  }
  if (!Object.hasOwn(stages, opts.stage)) {
    io.stderr.write(`${inert(`cni-auditor doctor: no stage "${opts.stage}" (stages: ${Object.keys(stages).join(", ") || "none"})`)}\n`);
    return EXIT_USAGE;
  }
  const config = loadInfraConfig(opts.stage, io.env, stages);
  const triggers = deployedTriggers(config);
  const client = { region: opts.region, ...(opts.profile ? { profile: opts.profile } : {}) };
  const logs = new CloudWatchLogsClient(client);
  const events = new EventBridgeClient(client);
  const trail = new CloudTrailClient(client);
  const ssm = new SSMClient(client);
  const sns = new SNSClient(client);
  const securityHub = new SecurityHubClient({ ...client, maxAttempts: 1 });
  try {
    const rows: CheckRow[] = [];
    rows.push(
      ...(await checkLogFilters(logs, {
        names: [`cni-auditor-${opts.stage}`, "cni-auditor-member"],
        pattern: triggers.filterPattern,
        clusters: config.clusters,
      })),
    );
    // A central stage runs the rules on the default bus and on its intake bus.
    rows.push(
      ...(await checkEventRules(events, triggers.eventRules, config.mode === "central" ? ["default", config.intakeName] : ["default"])),
    );
    rows.push(...(await checkTrail(trail)));
    const secrets = Object.fromEntries(Object.entries(config.secrets).filter(([, v]) => v)) as Record<string, string>;
    const { rows: secretRows, values } = await checkSecrets(ssm, secrets);
    rows.push(...secretRows);
    rows.push(...(await testAlerts(opts, config.mode, secrets, values, sns)));
    if (opts.testAlert && config.mode !== "member" && sinkEnabled(config, "securityhub")) rows.push(await securityHubAlert(opts, securityHub));
    io.stdout.write(opts.json ? doctorJson(rows) : doctorTable(rows));
    return rows.some((r) => r.ok === false) ? EXIT_FAILED : EXIT_OK;
  } finally {
    for (const c of [logs, events, trail, ssm, sns, securityHub]) c.destroy();
  }
}

async function testAlerts(
  opts: DoctorOptions,
  mode: string,
  secrets: Record<string, string>,
  values: Record<string, string>,
  sns: SNSClient,
): Promise<CheckRow[]> {
  if (!opts.testAlert) return [{ check: "test alert", target: "sinks", ok: null, detail: "--no-test-alert" }];
  if (mode === "member")
    return [{ check: "test alert", target: "sinks", ok: null, detail: "a member stage has no sinks: run doctor on the central stage" }];
  // The sinks as the functions build them, every one at severity info: this is about delivery.
  const env: Record<string, string> = { SLACK_MIN_SEVERITY: "info", SNS_MIN_SEVERITY: "info" };
  if (secrets.slack) env.SLACK_WEBHOOK_PARAMETER = secrets.slack;
  if (opts.topicArn) env.ALERT_TOPIC_ARN = opts.topicArn;
  const sinks = createSinks(readSinkSettings(env), {
    sns,
    slackTimeoutMs: 10_000,
    readSecret: async (name) => {
      const sink = Object.entries(secrets).find(([, n]) => n === name)?.[0];
      const value = sink ? values[sink] : undefined;
      if (value === undefined) throw new Error(`secret ${name} is not readable (see the secret check)`);
      return value;
    },
  });
  const rows: CheckRow[] = [];
  if (!opts.topicArn)
    rows.push({ check: "test alert", target: "sns", ok: null, detail: "pass --topic-arn (the stage's alertTopic output) to test SNS" });
  if (sinks.length === 0) return [...rows, { check: "test alert", target: "sinks", ok: null, detail: "no sink configured" }];
  const at = new Date(systemClock.now()).toISOString();
  return [...rows, ...(await checkSinks(sinks, testAlert(opts.stage, opts.topicArn?.split(":")[4] ?? null, opts.region, at), systemClock))];
}

/** The stack imports into its own account's Security Hub: the account comes from the topic ARN. */
async function securityHubAlert(opts: DoctorOptions, client: SecurityHubClient): Promise<CheckRow> {
  const account = opts.topicArn?.split(":")[4];
  if (!account || !/^\d{12}$/.test(account))
    return { check: "test alert", target: "securityhub", ok: null, detail: "pass --topic-arn (the stage's alertTopic output) to test Security Hub" };
  const at = new Date(systemClock.now()).toISOString();
  return checkSecurityHub(client, { account, region: opts.region }, testAlert(opts.stage, account, opts.region, at), systemClock);
}
