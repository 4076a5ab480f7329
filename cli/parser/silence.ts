import { Option, type Command } from "commander";
import { SEVERITIES } from "../../shared/core/severity.ts";
import type { CliIo } from "../io.ts";
import type { SilenceAddOptions, SilenceTarget } from "../commands/silence-options.ts";
import { UsageError, type Outcome } from "./common.ts";

const STAGE = /^[A-Za-z0-9-]{1,40}$/;
const TABLE = /^[A-Za-z0-9_.-]{3,255}$/;

/** The table from `--table`, or from `--stack STAGE` (the deploy names it `cni-auditor-<stage>-dedup`). */
export function silenceTarget(raw: Record<string, string | undefined>): SilenceTarget {
  if (raw.table && raw.stack) throw new UsageError("--table and --stack exclude each other");
  if (raw.stack && !STAGE.test(raw.stack)) throw new UsageError(`--stack: "${raw.stack}" is not a stage name`);
  const table = raw.table ?? (raw.stack ? `cni-auditor-${raw.stack}-dedup` : undefined);
  if (!table) throw new UsageError("--table NAME or --stack STAGE is required (the stack's DynamoDB table)");
  if (!TABLE.test(table)) throw new UsageError(`--table: "${table}" is not a DynamoDB table name`);
  return { table, ...(raw.region ? { region: raw.region } : {}), ...(raw.profile ? { profile: raw.profile } : {}) };
}

function targetOptions(cmd: Command): Command {
  return cmd
    .option("--table <NAME>", "the stack's DynamoDB table")
    .option("--stack <STAGE>", "the stage the stack was deployed as (table cni-auditor-<stage>-dedup)")
    .option("--region <REGION>", "the stack's region (default: AWS_REGION)")
    .option("--profile <NAME>", "AWS profile (default: AWS_PROFILE or the default chain)");
}

const MATCH_FLAGS = [
  ["rule", "rule"],
  ["cluster", "cluster"],
  ["account", "account"],
  ["inRegion", "region"],
  ["principal", "principal"],
  ["dedupKey", "dedupKey"],
] as const;

export function defineSilence(program: Command, io: CliIo, outcome: Outcome): void {
  const silence = program
    .command("silence")
    .summary("silence a known problem for a while (the deployed stack's silences)")
    .description(
      "Manages the deployed stack's silences with your AWS credentials. A silenced alert is not sent but counted; " +
        "when the silence ends (its --until, or `silence expire`), one summary says what it held back. A finding " +
        "worse than --max-severity (default: the severity of the first one it held) breaks through.",
    );
  targetOptions(
    silence
      .command("add")
      .description("adds a silence (who, when and why are recorded; --until at most 90 days away)")
      .option("--rule <ID>", "rule id (or fleet/… check id)")
      .option("--cluster <GLOB>", "cluster name or glob (prod-*)")
      .option("--account <ID>", "account id")
      .option("--in-region <REGION>", "region of the alerts")
      .option("--principal <NAME>", "the actor: Kubernetes user or IAM role ARN")
      .option("--dedup-key <KEY>", "one alert key exactly (replay --json shows it)")
      .requiredOption("--until <TIME>", "when it ends: RFC 3339 time or a duration from now (7d, 12h)")
      .requiredOption("--reason <TEXT>", "why (shown in the summary)")
      .addOption(new Option("--max-severity <SEV>", "break through above this severity").choices(SEVERITIES))
      .option("--id <ID>", "the silence's id (default: generated)"),
  ).action(async (raw: Record<string, string | undefined>) => {
    const match: Record<string, string> = {};
    for (const [flag, key] of MATCH_FLAGS) if (raw[flag] !== undefined) match[key] = raw[flag]!;
    const opts: SilenceAddOptions = { ...silenceTarget(raw), match, until: raw.until!, reason: raw.reason! };
    if (raw.maxSeverity) opts.maxSeverity = raw.maxSeverity;
    if (raw.id) opts.id = raw.id;
    const { runSilenceAdd } = await import("../commands/silence.ts");
    outcome.code = await runSilenceAdd(opts, io);
  });
  targetOptions(silence.command("list").description("lists the silences, active and ended, with what each held back").option("--json", "print one JSON array")).action(
    async (raw: Record<string, string | undefined>) => {
      const { runSilenceList } = await import("../commands/silence.ts");
      outcome.code = await runSilenceList({ ...silenceTarget(raw), json: raw.json !== undefined }, io);
    },
  );
  targetOptions(silence.command("expire").description("ends a silence now (its summary follows from the next sweep)").argument("<ID>", "the silence's id")).action(
    async (id: string, raw: Record<string, string | undefined>) => {
      const { runSilenceExpire } = await import("../commands/silence.ts");
      outcome.code = await runSilenceExpire({ ...silenceTarget(raw), id }, io);
    },
  );
  program
    .command("route")
    .summary("explain which route an alert takes (test routes before deploying)")
    .description("Reads the settings (--config, the same JSON as AUDITOR_CONFIG) and one alert (a line of `replay --json`), and prints each route in order: matched, or the first condition that failed.")
    .requiredOption("--config <FILE>", "the settings file with `sinks` and `routes`")
    .requiredOption("--alert <FILE>", "one alert JSON (or - for stdin)")
    .option("--json", "print the decision as JSON")
    .action(async (raw: { config: string; alert: string; json?: boolean }) => {
      const { runRoute } = await import("../commands/route.ts");
      outcome.code = await runRoute({ config: raw.config, alert: raw.alert, json: raw.json === true }, io);
    });
}
