import { ConfigError } from "../../shared/errors.ts";
import type { NormalizedEvent, Rejection } from "../../shared/types.ts";
import { decodeBytes } from "../../shared/sources/index.ts";
import { boundEventTimes, evaluate } from "../../shared/pipeline.ts";
import { parseRfc3339 } from "../../shared/sources/time.ts";
import { MemoryStore } from "../../shared/store/memory-store.ts";
import { byFirstSeen, toAlert } from "../../shared/rules/alert.ts";
import { formatAlerts } from "../../shared/output/index.ts";
import { EXIT_OK, EXIT_USAGE, type CliIo } from "../io.ts";
import { loadCliConfig } from "../config-file.ts";
import type { ReplayOptions } from "../options.ts";
import { formatReport } from "../report-text.ts";
import { inert } from "../terminal-text.ts";
import { expandInputs } from "./replay-inputs.ts";
import { checkRuleFilter, fillPlacement, selectAlerts } from "./replay-select.ts";

const NO_PLACEMENT = { cluster: null, account: null, region: null };

export async function runReplay(opts: ReplayOptions, io: CliIo): Promise<number> {
  let config;
  let nowMs: number;
  try {
    nowMs = opts.now === undefined ? Date.now() : parseNow(opts.now);
    config = loadCliConfig({ configFile: opts.config, window: opts.window, snapshot: opts.snapshot });
    checkRuleFilter(opts.only.rules);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.stderr.write(`cni-auditor replay: ${err.message}\n`);
    return EXIT_USAGE;
  }

  const { files, unreadable } = expandInputs(opts.files);
  const events: NormalizedEvent[] = [];
  const rejections: Rejection[] = [];
  let records = 0;
  let skipped = 0;
  const skippedBy: Record<string, number> = {};
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
    // Records keep only what they name; --cluster/--account/--region fill in after the fold.
    const result = decodeBytes(bytes, file.name, { defaults: NO_PLACEMENT });
    records += result.records;
    skipped += result.skipped;
    for (const [why, n] of Object.entries(result.skippedBy)) skippedBy[why] = (skippedBy[why] ?? 0) + n;
    events.push(...result.events);
    rejections.push(...result.rejections);
  }

  const store = new MemoryStore();
  const bounded = boundEventTimes(events, nowMs);
  const evaluated = evaluate(bounded.events, config);
  await store.apply(evaluated.findings, { batchId: "replay", windowMs: config.windowMs });
  const all = store
    .windows()
    .map((w) => toAlert(fillPlacement(w, opts.placement)))
    .sort(byFirstSeen);
  const alerts = selectAlerts(all, opts);

  if (opts.format === "text") {
    io.stdout.write(formatReport(alerts, { color: opts.color }));
  } else {
    const out = formatAlerts(opts.format, alerts);
    io.stdout.write(out.text);
    for (const note of out.notes) io.stderr.write(`${inert(note)}\n`);
  }

  // Reasons quote the input (JSON.parse shows a snippet, unknown shapes list keys): no control
  // character of a hostile file may reach the terminal.
  for (const r of rejections) io.stderr.write(inert(`rejected ${r.origin.file}: ${r.origin.position}: ${r.reason}`) + "\n");
  for (const u of unreadable) io.stderr.write(`cannot read ${u}\n`);
  const filtered = all.length - alerts.length;
  // A file rejected as a whole counts its lines.
  const rejectedRecords = rejections.reduce((n, r) => n + (r.records ?? 1), 0);
  io.stderr.write(
    `files ${opened}, records ${records}, events ${events.length - evaluated.duplicates}, ` +
      `matched ${evaluated.matched}, alerts ${alerts.length}, rejected ${rejectedRecords}` +
      (evaluated.duplicates ? `, duplicates ${evaluated.duplicates}` : "") +
      (bounded.implausible ? `, implausible ${bounded.implausible}` : "") +
      (skipped ? `, skipped ${skipped} (${Object.entries(skippedBy).map(([why, n]) => `${why} ${n}`).join(", ")})` : "") +
      (filtered ? `, filtered out ${filtered}` : "") +
      (unreadable.length ? `, unreadable ${unreadable.length}` : "") +
      "\n",
  );
  return unreadable.length > 0 ? EXIT_USAGE : EXIT_OK;
}

function parseNow(text: string): number {
  const ms = parseRfc3339(text);
  if (ms === undefined) throw new ConfigError(`--now: "${text}" is not an RFC 3339 time`);
  return ms;
}
