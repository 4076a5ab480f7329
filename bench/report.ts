// The bench's figures and how they print, each beside its target (issue 6).
import type { BundleFigures } from "./bundles.ts";

export interface MemoryFigure {
  mode: "pipeline" | "baseline";
  rssBeforeKb: number;
  maxRssKb: number;
  ms: number;
  events: number;
  matched: number;
}

export interface BenchReport {
  node: string;
  cpus: number;
  seed: number;
  reps: number;
  stream: {
    payloads: number;
    events: number;
    clusters: number;
    avgCompressedBytes: number;
    avgUncompressedBytes: number;
    planted: Record<string, number>;
  };
  prefilter: { kept: number; filtered: number; matched: number; findings: number; due: number };
  timing: { wall: TimingFigures; cpu: TimingFigures };
  maxPayload: { compressedBytes: number; uncompressedBytes: number; events: number; memory: MemoryFigure[] };
  bareNodeMs: number;
  bundles: BundleFigures[];
  /** Sections not measured in this run (--skip). */
  skipped: string[];
}

export interface TimingFigures {
  floorMs: number;
  /** The floor with the decoder's gunzip (raw inflate into one buffer sized from the trailer, then CRC-32). */
  sizedFloorMs: number;
  pipelineOverSizedFloor: number;
  baselineMs: number;
  pipelineMs: number;
  /** The same core without the prefilter: what the prefilter saves. */
  unfilteredMs: number;
  pipelineOverBaseline: number;
  pipelineOverFloor: number;
}

export const TARGETS = {
  pipelineOverBaseline: 0.5,
  pipelineOverFloor: 1.5,
  eventBundleKb: 450,
  fleetBundleKb: 720,
  importMs: 50,
  maxRssMb: 128,
};

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KB`;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
const int = (n: number): string => Math.round(n).toLocaleString("en-US");
const ms = (n: number): string => `${n.toFixed(1)} ms`;
const verdict = (ok: boolean): string => (ok ? "ok" : "MISSED");

export function formatReport(r: BenchReport): string {
  const eps = (msTotal: number): string => `${int(r.stream.events / (msTotal / 1000))}/s`.padStart(11);
  const planted = Object.entries(r.stream.planted).map(([k, n]) => `${k} ${n}`).join(", ");
  const plantedTotal = Object.values(r.stream.planted).reduce((a, b) => a + b, 0);
  const { wall, cpu } = r.timing;
  const row = (label: string, w: number, c: number): string =>
    `  ${label.padEnd(36)} ${ms(w).padStart(10)} ${eps(w)}   ${ms(c).padStart(10)} ${eps(c)}`;
  const ratio = (label: string, key: "pipelineOverBaseline" | "pipelineOverFloor", target: number): string =>
    `  ${label.padEnd(36)} ${wall[key].toFixed(2).padStart(10)} ${"".padStart(11)}   ${cpu[key].toFixed(2).padStart(10)}   target ≤ ${target}: ${verdict(cpu[key] <= target)} (CPU)`;
  const lines = [
    `cni-auditor bench — node ${r.node}, ${r.cpus} CPUs, seed ${r.seed}`,
    "",
    `stream: ${r.stream.payloads} CloudWatch Logs payloads, ${int(r.stream.events)} audit events, ${r.stream.clusters} clusters;` +
      ` median payload ${kb(r.stream.avgCompressedBytes)} gzip / ${mb(r.stream.avgUncompressedBytes)} JSON`,
    `        planted relevant: ${plantedTotal} (${((plantedTotal / r.stream.events) * 100).toFixed(2)}%: ${planted})`,
    `prefilter: ${int(r.prefilter.kept)} of ${int(r.stream.events)} messages parsed (${((r.prefilter.kept / r.stream.events) * 100).toFixed(2)}%),` +
      ` ${int(r.prefilter.filtered)} dropped unparsed; matched ${r.prefilter.matched}, findings ${r.prefilter.findings}, alerts due ${r.prefilter.due}` +
      ` — identical with and without the prefilter`,
    "",
    `throughput, whole stream (median of ${r.reps} interleaved repetitions after 2 warm-up):`,
    `  ${"".padEnd(36)} ${"wall".padStart(10)} ${"events".padStart(11)}   ${"CPU".padStart(10)} ${"events".padStart(11)}`,
    row("floor     base64 + gunzip", wall.floorMs, cpu.floorMs),
    row("(floor with the decoder's gunzip)", wall.sizedFloorMs, cpu.sizedFloorMs),
    row("baseline  decode + JSON.parse all", wall.baselineMs, cpu.baselineMs),
    row("pipeline  prefilter, rules, fold", wall.pipelineMs, cpu.pipelineMs),
    row("(pipeline without the prefilter)", wall.unfilteredMs, cpu.unfilteredMs),
    ratio("pipeline / baseline", "pipelineOverBaseline", TARGETS.pipelineOverBaseline),
    ratio("pipeline / floor", "pipelineOverFloor", TARGETS.pipelineOverFloor),
    `  ${"(pipeline / floor with its gunzip)".padEnd(36)} ${wall.pipelineOverSizedFloor.toFixed(2).padStart(10)} ${"".padStart(11)}   ${cpu.pipelineOverSizedFloor.toFixed(2).padStart(10)}`,
    "",
    ...(r.skipped.includes("memory")
      ? ["max-size payload: (skipped)"]
      : [
          `max-size payload: ${mb(r.maxPayload.compressedBytes)} gzip / ${mb(r.maxPayload.uncompressedBytes)} JSON, ${int(r.maxPayload.events)} events (child process each):`,
          ...r.maxPayload.memory.map((m) => {
            const peak = m.maxRssKb / 1024;
            const target = m.mode === "pipeline" ? `  (target ≤ ${TARGETS.maxRssMb} MB: ${verdict(peak <= TARGETS.maxRssMb)})` : "";
            return `  ${m.mode.padEnd(9)} peak RSS ${peak.toFixed(0)} MB (${(m.rssBeforeKb / 1024).toFixed(0)} MB after start-up), ${ms(m.ms)}, matched ${m.matched}${target}`;
          }),
        ]),
    "",
    `bundles (dist/functions, minified, SDK bundled; size = handler + chunks it imports statically, what a cold start loads):`,
    `  import time: median of spawns; bare \`node\` start ${ms(r.bareNodeMs)} wall; verdict on the import's CPU time (wall times on a shared machine include waiting for a core)`,
    ...(r.skipped.includes("bundles") ? ["  (skipped)"] : r.bundles.length === 0 ? ["  (none built yet)"] : []),
    ...r.bundles.flatMap((b) => {
      const limit = b.name.startsWith("fleet-") ? TARGETS.fleetBundleKb : TARGETS.eventBundleKb;
      const sizeOk = b.bytes / 1024 <= limit;
      const importOk = b.inProcessCpuMs <= TARGETS.importMs;
      return [
        `  ${b.name.padEnd(13)} ${kb(b.bytes).padStart(7)} (≤ ${limit} KB: ${verdict(sizeOk)}; +${kb(b.lazyBytes)} lazy chunks)` +
          `  import ${ms(b.inProcessCpuMs)} CPU (≤ ${TARGETS.importMs} ms: ${verdict(importOk)}), ${ms(b.inProcessMs)} wall in-process,` +
          ` process ${ms(b.wallMs)} = bare + ${ms(b.importOverBareMs)}` +
          (b.error ? `  FAILED: ${b.error}` : ""),
        `  ${"".padEnd(13)} largest inputs: ${b.topInputs.map(([name, bytes]) => `${name} ${kb(bytes)}`).join(", ")}`,
      ];
    }),
    "",
  ];
  return lines.join("\n");
}
