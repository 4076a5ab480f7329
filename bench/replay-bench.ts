// The replay rows (issue 13): `cni-auditor replay` measured as a user runs it — the launcher as a
// whole process, start-up included — on N raw audit events as one .jsonl.gz, beside the pipeline
// a user reaches for instead, `zcat FILE | grep -c '"code":403'`, on the same file. Interleaved
// repetitions, medians; peak RSS from /usr/bin/time when the system has it. Counts must be
// exact: the events the rules matched equal the events the generator planted. `--long` adds a
// ~5 GB stream (the file four times over, as stdin: a multi-member gzip) for the memory bound.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { replayInput, type ReplayInput } from "./replay-input.ts";
import { median } from "./timing.ts";

export interface ReplayFigures {
  events: number;
  compressedBytes: number;
  uncompressedBytes: number;
  planted: number;
  matched: number;
  replayMs: number;
  zcatGrepMs: number;
  /** replay ÷ zcat|grep, median of per-repetition ratios. */
  ratio: number;
  maxRssMb: number | null;
  long?: { uncompressedBytes: number; ms: number; maxRssMb: number | null; matched: number };
}

const TIME = "/usr/bin/time";

function timed(cmd: string, args: string[], opts: { shell?: boolean } = {}): { ms: number; stderr: string; rssMb: number | null } {
  const withTime = existsSync(TIME);
  const start = process.hrtime.bigint();
  const r = withTime
    ? spawnSync(TIME, ["-f", "\nmaxrss_kb=%M", ...(opts.shell ? ["sh", "-c", [cmd, ...args].join(" ")] : [cmd, ...args])], { encoding: "utf8", maxBuffer: 1 << 26 })
    : spawnSync(cmd, args, { encoding: "utf8", shell: opts.shell ?? false, maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr.slice(-500)}`);
  const m = /maxrss_kb=(\d+)/.exec(r.stderr);
  return { ms, stderr: r.stderr, rssMb: m ? Number(m[1]) / 1024 : null };
}

function matchedOf(stderr: string): number {
  const m = /matched (\d+)/.exec(stderr);
  if (!m) throw new Error(`no summary line in: ${stderr.slice(-300)}`);
  return Number(m[1]);
}

function uncompressedSize(file: string): number {
  const r = spawnSync("sh", ["-c", `zcat '${file}' | wc -c`], { encoding: "utf8" });
  return Number(r.stdout.trim());
}

export async function measureReplay(root: string, opts: { events: number; reps: number; long: boolean; log: (s: string) => void }): Promise<ReplayFigures> {
  opts.log(`replay: input of ${opts.events} raw audit events (cached after the first run)…`);
  const input: ReplayInput = await replayInput({ events: opts.events, relevantRate: 0.001, seed: 0x13 });
  const planted = Object.values(input.planted).reduce((a, b) => a + (b ?? 0), 0);
  const bin = join(root, "bin/cni-auditor.mjs");
  const replayArgs = [bin, "replay", "--json", "--quiet", "--now", "2026-12-01T00:00:00Z", input.file];
  const grep = `zcat '${input.file}' | grep -c '"code":403'`;
  const replay: number[] = [];
  const zcat: number[] = [];
  const ratios: number[] = [];
  const rss: number[] = [];
  let matched = 0;
  for (let rep = 0; rep < opts.reps + 1; rep++) {
    // Rotate which runs first, so drift on a shared machine hits both alike; rep 0 warms the page cache.
    const runReplay = (): number => {
      const r = timed(process.execPath, replayArgs);
      matched = matchedOf(r.stderr);
      if (r.rssMb !== null && rep > 0) rss.push(r.rssMb);
      return r.ms;
    };
    const runGrep = (): number => timed(grep, [], { shell: true }).ms;
    let a: number;
    let b: number;
    if (rep % 2 === 0) {
      a = runReplay();
      b = runGrep();
    } else {
      b = runGrep();
      a = runReplay();
    }
    if (rep === 0) continue;
    replay.push(a);
    zcat.push(b);
    ratios.push(a / b);
    opts.log(`replay: rep ${rep}/${opts.reps}: replay ${a.toFixed(0)} ms, zcat|grep ${b.toFixed(0)} ms`);
  }
  if (matched !== planted) throw new Error(`replay matched ${matched} events, the generator planted ${planted}`);
  const figures: ReplayFigures = {
    events: input.events,
    compressedBytes: input.compressedBytes,
    uncompressedBytes: uncompressedSize(input.file),
    planted,
    matched,
    replayMs: median(replay),
    zcatGrepMs: median(zcat),
    ratio: median(ratios),
    maxRssMb: rss.length ? Math.max(...rss) : null,
  };
  if (opts.long) {
    opts.log("replay --long: the file four times over as one stdin stream…");
    const f = input.file.replace(/'/g, "");
    const r = timed(`cat '${f}' '${f}' '${f}' '${f}' | '${process.execPath}' '${bin}' replay --json --quiet --now 2026-12-01T00:00:00Z -`, [], { shell: true });
    figures.long = { uncompressedBytes: figures.uncompressedBytes * 4, ms: r.ms, maxRssMb: r.rssMb, matched: matchedOf(r.stderr) };
  }
  return figures;
}

export const REPLAY_TARGETS = { ratio: 1.0, maxRssMb: 256 };

export function formatReplay(f: ReplayFigures): string {
  const gb = (n: number): string => `${(n / 1e9).toFixed(2)} GB`;
  const mb = (n: number): string => `${(n / 1e6).toFixed(0)} MB`;
  const mark = (ok: boolean): string => (ok ? "ok" : "MISSED");
  const rows = [
    "",
    `replay, as a user runs it (${f.events.toLocaleString("en-US")} raw audit events: ${mb(f.compressedBytes)} .jsonl.gz, ${gb(f.uncompressedBytes)} of JSON, ${f.planted} planted)`,
    `  cni-auditor replay FILE           ${f.replayMs.toFixed(0).padStart(7)} ms   (median)`,
    `  zcat FILE | grep -c '"code":403'  ${f.zcatGrepMs.toFixed(0).padStart(7)} ms   (median)`,
    `  replay / zcat|grep                ${f.ratio.toFixed(2).padStart(7)}      target ≤ ${REPLAY_TARGETS.ratio.toFixed(2)}  ${mark(f.ratio <= REPLAY_TARGETS.ratio)}`,
    `  peak RSS                          ${f.maxRssMb === null ? "    n/a" : f.maxRssMb.toFixed(0).padStart(7)} MB   target ≤ ${REPLAY_TARGETS.maxRssMb}  ${f.maxRssMb === null ? "" : mark(f.maxRssMb <= REPLAY_TARGETS.maxRssMb)}`,
    `  matched = planted                 ${String(f.matched).padStart(7)}      ${mark(f.matched === f.planted)}`,
  ];
  if (f.long) {
    rows.push(
      `  --long: ${gb(f.long.uncompressedBytes)} as one stdin stream: ${(f.long.ms / 1000).toFixed(1)} s, peak RSS ${f.long.maxRssMb === null ? "n/a" : `${f.long.maxRssMb.toFixed(0)} MB`}  ${f.long.maxRssMb === null ? "" : mark(f.long.maxRssMb <= REPLAY_TARGETS.maxRssMb)}`,
    );
  }
  return `${rows.join("\n")}\n`;
}
