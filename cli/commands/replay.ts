import { ConfigError } from "../../shared/errors.ts";
import { parseRfc3339 } from "../../shared/sources/time.ts";
import { MemoryStore } from "../../shared/store/memory-store.ts";
import { byFirstSeen, toAlert } from "../../shared/rules/alert.ts";
import { ALL_RULES } from "../../shared/rules/index.ts";
import { formatAlerts } from "../../shared/output/index.ts";
import { Collector } from "../../shared/stream/collector.ts";
import { replayPrefiltersFor } from "../../shared/stream/prefilters.ts";
import type { Alert } from "../../shared/types.ts";
import { EXIT_USAGE, type CliIo } from "../io.ts";
import { loadCliConfig } from "../config-file.ts";
import type { ReplayOptions } from "../options.ts";
import { formatReport } from "../report-text.ts";
import { inert } from "../terminal-text.ts";
import { progressFor } from "./replay-progress.ts";
import { emptyTotals, readSources } from "./replay-read.ts";
import { replayInputs } from "./replay-sources.ts";
import { readWithWorkers, workerBundle } from "./replay-workers.ts";
import { checkRuleFilter, fillPlacement, selectAlerts } from "./replay-select.ts";
import { exitCode, noEventsReason, summaryLine } from "./replay-summary.ts";
import { parseTimeRange } from "./replay-time.ts";
import { loadReplaySilences, silencedNotes, silenceFindings, withRoutes } from "./replay-routing.ts";

/**
 * replay: inputs → streamed decode → rules as events arrive (Collector) → fold → alerts →
 * output → summary and exit code. Each step takes ReplayOptions; a new option is handled in
 * the step it concerns (alert post-processing: `postProcess`).
 */
export async function runReplay(opts: ReplayOptions, io: CliIo): Promise<number> {
  let config;
  let nowMs: number;
  let range;
  let silences;
  try {
    silences = loadReplaySilences(opts.silences);
    nowMs = opts.now === undefined ? Date.now() : parseNow(opts.now);
    range = parseTimeRange(opts.since, opts.until, nowMs);
    config = loadCliConfig(configOpts(opts));
    checkRuleFilter(opts.only.rules);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.stderr.write(`cni-auditor replay: ${err.message}\n`);
    return EXIT_USAGE;
  }

  let inputs;
  try {
    inputs = await replayInputs(opts, io, config, range, nowMs);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.stderr.write(`cni-auditor replay: ${inert(err.message)}\n`);
    return EXIT_USAGE;
  }
  const collector = new Collector(ALL_RULES, config, { nowMs, ...range });
  // Records no rule can match are passed over unparsed (counted as prefiltered) unless --validate.
  const prefilters = opts.validate ? {} : replayPrefiltersFor(ALL_RULES.rules, config);
  const totals = emptyTotals(inputs.unreadable);
  const progress = progressFor(io.stderr, opts.quiet, inputs.groups.flatMap((g) => g.sources));
  try {
    for (const group of inputs.groups) {
      const bundle = opts.threads > 1 && group.sources.length > 1 && group.sources.every((x) => x.path !== undefined) ? workerBundle() : undefined;
      if (bundle) {
        const setup = { config: configOpts(opts), nowMs, validate: opts.validate };
        await readWithWorkers(bundle, group.sources, opts.threads, setup, collector, totals, progress);
      } else {
        await readSources(group.sources, collector, totals, { concurrency: group.concurrency, ...prefilters, ...(progress ? { progress } : {}) });
      }
    }
  } finally {
    progress?.done();
    inputs.close();
  }
  const collected = collector.finish();

  const store = new MemoryStore();
  const silenced = silenceFindings(silences, collected.findings);
  await store.apply(silenced.findings, { batchId: "replay", windowMs: config.windowMs });
  const all = store
    .windows()
    .map((w) => toAlert(fillPlacement(w, opts.placement)))
    .sort(byFirstSeen);
  const alerts = postProcess(selectAlerts(all, opts), opts);

  if (opts.format === "text") {
    io.stdout.write(formatReport(alerts, { color: opts.color }));
  } else {
    const out = formatAlerts(opts.format, opts.format === "jsonl" ? withRoutes(alerts, config) : alerts);
    io.stdout.write(out.text);
    for (const note of out.notes) io.stderr.write(`${inert(note)}\n`);
  }

  // Reasons quote the input (JSON.parse shows a snippet, unknown shapes list keys): no control
  // character of a hostile file may reach the terminal.
  for (const r of totals.rejections) io.stderr.write(inert(`rejected ${r.origin.file}: ${r.origin.position}: ${r.reason}`) + "\n");
  for (const u of totals.unreadable) io.stderr.write(`cannot read ${inert(u)}\n`);
  const noEvents = noEventsReason(totals, collected);
  if (noEvents !== undefined) io.stderr.write(`no events: ${noEvents}\n`);
  io.stderr.write(silencedNotes(summaryLine(totals, collected, alerts.length, all.length - alerts.length), silences, silenced));
  return exitCode(totals, noEvents, alerts, opts.failOn);
}

/** What happens to the selected alerts before they are printed (routes, silences hook in here). */
function postProcess(alerts: Alert[], _opts: ReplayOptions): Alert[] {
  return alerts;
}

function configOpts(opts: ReplayOptions): { configFile?: string; window?: string; snapshot?: string } {
  return {
    ...(opts.config !== undefined ? { configFile: opts.config } : {}),
    ...(opts.window !== undefined ? { window: opts.window } : {}),
    ...(opts.snapshot !== undefined ? { snapshot: opts.snapshot } : {}),
  };
}

function parseNow(text: string): number {
  const ms = parseRfc3339(text);
  if (ms === undefined) throw new ConfigError(`--now: "${text}" is not an RFC 3339 time`);
  return ms;
}
