import { Option, type Command } from "commander";
import { ALERT_FORMATS, type AlertFormat } from "../../shared/output/formats.ts";
import { parseSeverity, SEVERITIES, type Severity } from "../../shared/core/severity.ts";
import type { CliIo } from "../io.ts";
import type { ReplayOptions } from "../options.ts";
import { addColorOptions, collect, UsageError, useColor, type Outcome } from "./common.ts";

export type { ReplayOptions };

const DESCRIPTION =
  "Replays recorded events through the rules, folds repeats into alerts, and prints them.\n\n" +
  "FILE may be - for stdin, or a directory. Accepts, plain or .gz: CloudWatch Logs subscription " +
  "events and payloads, filter-log-events output, raw audit events (JSON Lines or arrays), " +
  "EventBridge events, CloudTrail log files, bare CloudTrail records and lookup-events output.";

const AFTER = `
Examples:
  cni-auditor replay examples/incident
  cni-auditor replay --format ocsf --only-rule eni-unauthorized trail/*.json.gz > findings.json
  aws logs filter-log-events --log-group-name /aws/eks/prod/cluster | cni-auditor replay -
  cni-auditor replay --log-group /aws/eks/prod/cluster --since 24h --region eu-west-1
  cni-auditor replay --log-group-prefix /aws/eks/ --since 2026-11-19T00:00:00Z --until 6h
  cni-auditor replay --since 7d s3://trail-bucket/AWSLogs/

Exit codes: 0 done (rejected records are reported on stderr); 2 usage error or unreadable input;
3 the input yielded no events (no file, empty, or only skipped/rejected records; the reason is on
stderr); 4 --fail-on: an alert at or above that severity was produced. 2 wins over 4, 4 over 3.`;

export function defineReplay(program: Command, io: CliIo, outcome: Outcome): Command {
  const cmd = program
    .command("replay")
    .summary("run recorded audit-log / CloudTrail events through the rules")
    .description(DESCRIPTION)
    .argument("[FILE...]", "input files, directories, s3://bucket/prefix/, or - for stdin")
    .addOption(new Option("--format <FORMAT>", "output format").choices(ALERT_FORMATS).default("text"))
    .option("--json", "alerts as JSON Lines, the alert contract (same as --format jsonl)")
    .option("--cluster <NAME>", "cluster for input that names none (never replaces a record's)")
    .option("--account <ID>", "account for input that names none (never replaces a record's)")
    .option("--region <REGION>", "region for input that names none (never replaces a record's)")
    .option("--window <DURATION>", "fold window in event time, e.g. 15m, 1h30m (default 1h)")
    .option("--config <FILE>", "JSON settings: extraSystemUsers, cniRoleArns, disabledRules, allow")
    .option("--snapshot <FILE>", "a fleet snapshot: roles it shows the CNI using count as CNI roles")
    .option("--silences <FILE>", "JSON array of silences (as `silence list --json` prints): matching events before their end are held back, counted")
    .option("--now <TIME>", "receive time (RFC 3339; default now): events dated over 5 min after it are implausible, taken as at TIME")
    .addOption(new Option("--min-severity <LEVEL>", "only alerts at or above LEVEL").choices(SEVERITIES).default("info"))
    .option("--only-cluster <NAME>", "only alerts of this cluster (repeatable, or comma-separated)", collect)
    .option("--only-rule <RULE>", "only alerts of this rule (repeatable, or comma-separated)", collect)
    .option("--only-account <ID>", "only alerts of this account (repeatable, or comma-separated)", collect)
    .option("--only-region <REGION>", "only alerts of this region (repeatable, or comma-separated)", collect)
    .option("--since <TIME>", "only events at or after TIME (RFC 3339, or a duration back from now: 24h, 1h30m)")
    .option("--until <TIME>", "only events before TIME (RFC 3339, or a duration back from now)")
    .addOption(new Option("--fail-on <LEVEL>", "exit 4 when an alert at or above LEVEL was produced (CI, cron)").choices(SEVERITIES))
    .option("--log-group <NAME>", "read this CloudWatch Logs group with FilterLogEvents (repeatable; needs --since)", collect)
    .option("--log-group-prefix <PREFIX>", "read every log group under PREFIX, e.g. /aws/eks/ (repeatable)", collect)
    .option("-q, --quiet", "no progress line on the terminal");
  addColorOptions(cmd).addHelpText("after", AFTER);
  return cmd.action(async (files: string[], raw: Record<string, unknown>) => {
    const opts = replayOptions(files, raw, io);
    const { runReplay } = await import("../commands/replay.ts");
    outcome.code = await runReplay(opts, io);
  });
}

function replayOptions(files: string[], raw: Record<string, unknown>, io: CliIo): ReplayOptions {
  if (files.length === 0 && raw.logGroup === undefined && raw.logGroupPrefix === undefined) {
    throw new UsageError("nothing to read: give FILE..., - for stdin, s3://bucket/prefix/, or --log-group NAME");
  }
  const str = (k: string): string | undefined => (typeof raw[k] === "string" ? (raw[k] as string) : undefined);
  let format = raw.format as AlertFormat;
  if (raw.json) {
    if (format !== "text" && format !== "jsonl") throw new UsageError(`--json is --format jsonl; it cannot be combined with --format ${format}`);
    format = "jsonl";
  }
  const placement: ReplayOptions["placement"] = {};
  for (const k of ["cluster", "account", "region"] as const) {
    const v = str(k);
    if (v !== undefined) placement[k] = v;
  }
  return {
    files,
    format,
    placement,
    ...(str("window") !== undefined ? { window: str("window") } : {}),
    ...(str("config") !== undefined ? { config: str("config") } : {}),
    ...(str("snapshot") !== undefined ? { snapshot: str("snapshot") } : {}),
    ...(str("silences") !== undefined ? { silences: str("silences") } : {}),
    ...(str("now") !== undefined ? { now: str("now") } : {}),
    minSeverity: raw.minSeverity as Severity,
    only: {
      clusters: (raw.onlyCluster as string[] | undefined) ?? [],
      rules: (raw.onlyRule as string[] | undefined) ?? [],
      accounts: (raw.onlyAccount as string[] | undefined) ?? [],
      regions: (raw.onlyRegion as string[] | undefined) ?? [],
    },
    color: useColor(raw.color as boolean | undefined, io),
    ...(str("since") !== undefined ? { since: str("since") } : {}),
    ...(str("until") !== undefined ? { until: str("until") } : {}),
    ...(str("failOn") !== undefined ? { failOn: parseSeverity(str("failOn")!) } : {}),
    quiet: raw.quiet === true,
    logGroups: (raw.logGroup as string[] | undefined) ?? [],
    logGroupPrefixes: (raw.logGroupPrefix as string[] | undefined) ?? [],
  };
}
