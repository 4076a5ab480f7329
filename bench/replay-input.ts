// The replay bench's input: N raw audit events of one busy cluster as JSON Lines, gzipped (what
// a user exports or copies out of a bucket), written as it is generated so nothing of its size
// is held. Cached by its parameters under the system temp directory (the 1M file takes ~30 s
// to generate and is the same every run).
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createGzip } from "node:zlib";
import { goJson } from "./audit-shape.ts";
import { nextTrafficEvent, type TrafficKind } from "./audit-traffic.ts";
import { makeWorld } from "./cluster-world.ts";
import { seededRng } from "./random.ts";

export interface ReplayInput {
  file: string;
  events: number;
  compressedBytes: number;
  planted: Partial<Record<TrafficKind, number>>;
}

export interface ReplayInputOptions {
  events: number;
  relevantRate: number;
  seed: number;
  /** Events per gzip member (0: one member), as `cat a.gz b.gz` or Firehose would make. */
  memberEvents?: number;
}

export async function replayInput(opts: ReplayInputOptions): Promise<ReplayInput> {
  const dir = join(tmpdir(), "cni-auditor-bench");
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `audit-${opts.events}-${opts.relevantRate}-${opts.seed}-${opts.memberEvents ?? 0}`);
  const file = `${base}.jsonl.gz`;
  const plantedFile = `${base}.planted.json`;
  if (existsSync(file) && existsSync(plantedFile)) {
    const { readFileSync } = await import("node:fs");
    return { file, events: opts.events, compressedBytes: statSync(file).size, planted: JSON.parse(readFileSync(plantedFile, "utf8")) };
  }
  const rng = seededRng(opts.seed);
  const world = makeWorld(rng, 0);
  const planted: Partial<Record<TrafficKind, number>> = {};
  const out = createWriteStream(`${file}.tmp`);
  let gz = createGzip({ level: 6 });
  gz.pipe(out, { end: false });
  let timeMs = Date.UTC(2026, 2, 2, 9, 0, 0);
  let lines: string[] = [];
  const flush = async (): Promise<void> => {
    if (!gz.write(lines.join(""))) await new Promise((r) => gz.once("drain", r));
    lines = [];
  };
  for (let i = 0; i < opts.events; i++) {
    timeMs += rng.int(12);
    const e = nextTrafficEvent(rng, world, timeMs, { relevantRate: opts.relevantRate });
    if (e.kind !== "noise") planted[e.kind] = (planted[e.kind] ?? 0) + 1;
    lines.push(`${goJson(e.record)}\n`);
    if (lines.length === 2000) await flush();
    if (opts.memberEvents && (i + 1) % opts.memberEvents === 0 && i + 1 < opts.events) {
      await flush();
      await new Promise<void>((r) => gz.end(r));
      await new Promise((r) => gz.once("end", r));
      gz = createGzip({ level: 6 });
      gz.pipe(out, { end: false });
    }
  }
  await flush();
  await new Promise<void>((r) => gz.end(r));
  await new Promise((r) => (gz.readableEnded ? r(undefined) : gz.once("end", r)));
  await new Promise<void>((r) => out.end(r));
  const { writeFileSync } = await import("node:fs");
  writeFileSync(plantedFile, JSON.stringify(planted));
  renameSync(`${file}.tmp`, file);
  return { file, events: opts.events, compressedBytes: statSync(file).size, planted };
}
