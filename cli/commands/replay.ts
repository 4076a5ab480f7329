import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../../shared/errors.ts";
import { SEVERITIES, atLeast, parseSeverity as severityNamed, type Severity } from "../../shared/core/severity.ts";
import type { Alert, NormalizedEvent, Rejection } from "../../shared/types.ts";
import { decodeBytes } from "../../shared/sources/index.ts";
import { evaluate } from "../../shared/pipeline.ts";
import { MemoryStore } from "../../shared/store/memory-store.ts";
import { byFirstSeen, toAlert } from "../../shared/render/alert.ts";
import { EXIT_OK, EXIT_USAGE, type CliIo } from "../io.ts";
import { inert } from "../terminal-text.ts";
import { loadCliConfig } from "../config-file.ts";
import { formatReport } from "../report-text.ts";

const HELP = `Usage: cni-auditor replay [options] FILE...   (FILE may be - for stdin, or a directory)

Replays recorded events through the rules, folds repeats into alerts, and prints them.
Accepts, plain or .gz: CloudWatch Logs subscription events and payloads, filter-log-events
output, raw audit events (JSON Lines or arrays), EventBridge events, CloudTrail log files,
bare CloudTrail records and lookup-events output.

Options:
  --json                 print alerts as JSON Lines (the alert contract) on stdout
  --cluster NAME         cluster for input that names none
  --account ID           account for input that names none
  --region REGION        region for input that names none
  --window DURATION      fold window in event time (default 1h; e.g. 15m, 2h)
  --config FILE          JSON settings: extraSystemUsers, cniRoleArns, disabledRules, allow
  --snapshot FILE        a fleet snapshot (cni-auditor fleet --save-snapshot): the roles it
                         shows the CNI using count as CNI roles (attribution of eni-unauthorized)
  --min-severity LEVEL   only print alerts at or above LEVEL (critical|high|medium|low|info)
  --no-color             plain text even on a terminal
  -h, --help             this help
`;

interface InputFile {
  name: string;
  read: () => Uint8Array;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: "boolean", default: false },
        cluster: { type: "string" },
        account: { type: "string" },
        region: { type: "string" },
        window: { type: "string" },
        config: { type: "string" },
        snapshot: { type: "string" },
        "min-severity": { type: "string" },
        "no-color": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (err) {
    io.stderr.write(`cni-auditor replay: ${(err as Error).message}\n\n${HELP}`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT_OK;
  }
  if (positionals.length === 0) {
    io.stderr.write(`cni-auditor replay: no input files\n\n${HELP}`);
    return EXIT_USAGE;
  }
  let config;
  let minSeverity: Severity = "info";
  try {
    config = loadCliConfig({ configFile: values.config, window: values.window, cluster: values.cluster, snapshot: values.snapshot });
    if (values["min-severity"] !== undefined) minSeverity = parseSeverity(values["min-severity"]);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.stderr.write(`cni-auditor replay: ${err.message}\n`);
    return EXIT_USAGE;
  }

  const defaults = { cluster: config.defaultCluster, account: values.account ?? null, region: values.region ?? null };
  const { files, unreadable } = expandInputs(positionals);
  const events: NormalizedEvent[] = [];
  const rejections: Rejection[] = [];
  let records = 0;
  let skipped = 0;
  let opened = 0;
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = file.read();
    } catch (err) {
      unreadable.push(`${file.name}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      continue;
    }
    opened++;
    const result = decodeBytes(bytes, file.name, { defaults });
    records += result.records;
    skipped += result.skipped;
    events.push(...result.events);
    rejections.push(...result.rejections);
  }

  const store = new MemoryStore();
  const evaluated = evaluate(events, config);
  await store.apply(evaluated.findings, { batchId: "replay", windowMs: config.windowMs });
  const alerts: Alert[] = store
    .windows()
    .map(toAlert)
    .filter((a) => atLeast(a.severity, minSeverity))
    .sort(byFirstSeen);

  if (values.json) {
    for (const a of alerts) io.stdout.write(JSON.stringify(a) + "\n");
  } else {
    io.stdout.write(formatReport(alerts, { color: io.isTTY && !values["no-color"] && !io.env.NO_COLOR }));
  }

  // Reasons quote the input (JSON.parse shows a snippet, unknown shapes list keys): no control
  // character of a hostile file may reach the terminal.
  for (const r of rejections) io.stderr.write(inert(`rejected ${r.origin.file}: ${r.origin.position}: ${r.reason}`) + "\n");
  for (const u of unreadable) io.stderr.write(`cannot read ${u}\n`);
  io.stderr.write(
    `files ${opened}, records ${records}, events ${events.length - evaluated.duplicates}, ` +
      `matched ${evaluated.matched}, alerts ${alerts.length}, rejected ${rejections.length}` +
      (evaluated.duplicates ? `, duplicates ${evaluated.duplicates}` : "") +
      (skipped ? `, skipped ${skipped}` : "") +
      (unreadable.length ? `, unreadable ${unreadable.length}` : "") +
      "\n",
  );
  return unreadable.length > 0 ? EXIT_USAGE : EXIT_OK;
}

function parseSeverity(text: string): Severity {
  const severity = severityNamed(text);
  if (severity) return severity;
  throw new ConfigError(`--min-severity: "${text}" is not one of ${SEVERITIES.join(", ")}`);
}

/** Files, directories (their files, sorted) and `-`; missing paths are reported, not fatal. */
function expandInputs(paths: string[]): { files: InputFile[]; unreadable: string[] } {
  const files: InputFile[] = [];
  const unreadable: string[] = [];
  for (const p of paths) {
    if (p === "-") {
      files.push({ name: "<stdin>", read: () => readFileSync(0) });
      continue;
    }
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch (err) {
      unreadable.push(`${p}: ${(err as NodeJS.ErrnoException).code ?? "unreadable"}`);
      continue;
    }
    if (!isDir) {
      files.push({ name: p, read: () => readFileSync(p) });
      continue;
    }
    for (const entry of readdirSync(p, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isFile() && !entry.name.startsWith(".") && !/\.md$/i.test(entry.name)) {
        const full = join(p, entry.name);
        files.push({ name: full, read: () => readFileSync(full) });
      }
    }
  }
  return { files, unreadable };
}
