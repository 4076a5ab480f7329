// `npm run bench`: throughput of the audit-log hot path against its floor and a naive
// baseline, peak memory on a maximum-size payload, and the Lambda bundles' size and import
// time; replay as a user runs it beside zcat | grep; the fleet fan-out; the central stream's consumer.
// Options: --quick, --reps N, --payloads N, --spawns N, --json FILE,
// --skip memory,bundles,storm,fleet,kinesis,replay, --replay-events N, --long.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { bareNodeMs, measureBundles } from "./bundles.ts";
import { formatReport, type BenchReport, type MemoryFigure } from "./report.ts";
import { DEFAULT_STREAM, generateMaxPayload, generateStream } from "./stream.ts";
import { formatWorstPayload, generateWorstPayload } from "./worst-payload.ts";
import { formatStormCost, measureStormCost, type StormCost } from "./storm-cost.ts";
import { formatReplay, measureReplay, type ReplayFigures } from "./replay-bench.ts";
import { formatFleetFanout, measureFleetFanout } from "./fleet-fanout.ts";
import { formatStreamConsumer, measureStreamConsumer } from "./stream-consumer.ts";
import { median, medianRatio, timeInterleaved } from "./timing.ts";
import { baselinePass, floorPass, pipelinePass, pipelineSetup, sizedFloorPass, type PassTotals } from "./workloads.ts";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    reps: { type: "string" },
    payloads: { type: "string" },
    spawns: { type: "string" },
    json: { type: "string" },
    skip: { type: "string", default: "" },
    root: { type: "string", default: process.cwd() },
    long: { type: "boolean", default: false },
    "replay-events": { type: "string" },
  },
});
const quick = values.quick ?? false;
const reps = Number(values.reps ?? (quick ? 3 : 9));
const spawns = Number(values.spawns ?? (quick ? 3 : 15));
const streamOpts = { ...DEFAULT_STREAM, payloads: Number(values.payloads ?? (quick ? 30 : DEFAULT_STREAM.payloads)) };
const extraUsers = streamOpts.extraSystemUsers ?? [];
const root = values.root!;
const skip = new Set((values.skip ?? "").split(",").filter(Boolean)); // memory, bundles, storm, fleet, kinesis

class SkipSection extends Error {}
const log = (s: string): void => void process.stderr.write(`[bench] ${s}\n`);

log(`generating ${streamOpts.payloads} payloads (seed ${streamOpts.seed})…`);
const stream = generateStream(streamOpts);
const events = stream.map((p) => p.event);
const planted: Record<string, number> = {};
for (const p of stream) for (const [k, n] of Object.entries(p.planted)) planted[k] = (planted[k] ?? 0) + n;

// One untimed pass of each variant: exactness on this stream and the prefilter's effect.
const setup = pipelineSetup(extraUsers);
const check = await pipelinePass(events, setup);
const noPrefilter = pipelineSetup(extraUsers, false);
const unfiltered = await pipelinePass(events, noPrefilter);
if (check.matched !== unfiltered.matched || check.findings !== unfiltered.findings || check.due !== unfiltered.due) {
  throw new Error(`the prefilter changed results: ${JSON.stringify({ check, unfiltered })}`);
}

log(`timing ${reps} repetitions (+2 warm-up), interleaved…`);
let last: PassTotals | undefined;
const times = await timeInterleaved(
  {
    floor: () => floorPass(events),
    sizedFloor: () => sizedFloorPass(events),
    baseline: () => baselinePass(events),
    pipeline: async () => {
      last = await pipelinePass(events, setup); // a fresh store each time: every batch is new
    },
    unfiltered: () => pipelinePass(events, noPrefilter),
  },
  reps,
  2,
);
if (last?.matched !== check.matched) throw new Error("pipeline results differ between runs");

log("maximum-size payload in child processes…");
const dir = mkdtempSync(join(tmpdir(), "cni-bench-"));
const memory: MemoryFigure[] = [];
/** The audit-logs function's memory (infra/ingest.ts). */
const AUDIT_LOGS_MEMORY_MB = 512;
let worstLine = "";
const max = generateMaxPayload(streamOpts.seed + 1);
try {
  const file = join(dir, "max-event.json");
  if (skip.has("memory")) throw new SkipSection();
  writeFileSync(file, JSON.stringify(max.event));
  for (const mode of ["pipeline", "baseline"] as const) {
    const r = spawnSync(process.execPath, [join(root, "dist/bench/max-payload.mjs"), mode, file, ...extraUsers], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`max-payload ${mode} failed: ${r.stderr}`);
    memory.push(JSON.parse(r.stdout) as MemoryFigure);
  }
  const worst = generateWorstPayload(root);
  const worstFile = join(dir, "worst-event.json");
  writeFileSync(worstFile, JSON.stringify(worst.event));
  const w = spawnSync(process.execPath, [join(root, "dist/bench/max-payload.mjs"), "pipeline", worstFile], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  if (w.status !== 0) throw new Error(`worst payload failed: ${w.stderr}`);
  const { event: _event, ...worstSizes } = worst;
  worstLine = formatWorstPayload(worstSizes, (JSON.parse(w.stdout) as MemoryFigure).maxRssKb, AUDIT_LOGS_MEMORY_MB);
} catch (e) {
  if (!(e instanceof SkipSection)) throw e;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

log(`bundles: ${spawns} spawns each…`);
const bare = skip.has("bundles") ? NaN : bareNodeMs(spawns);
const bundles = skip.has("bundles") ? [] : await measureBundles(root, spawns, bare);

log("CloudTrail storm through the handler on dynalite, direct and queued…");
const storm: StormCost[] = skip.has("storm") ? [] : await measureStormCost(root, quick);
log("central log stream consumer on dynalite…");
const consumer = skip.has("kinesis") ? null : await measureStreamConsumer(stream, quick);
log(`fleet audit fanned out over a loopback EKS world of ${quick ? 10 : 50} accounts × 4 regions…`);
const fleet = skip.has("fleet") ? null : await measureFleetFanout(quick);

const replayFigures: ReplayFigures | undefined = skip.has("replay")
  ? undefined
  : await measureReplay(root, { events: Number(values["replay-events"] ?? (quick ? 100_000 : 1_000_000)), reps: quick ? 1 : 3, long: values.long ?? false, log });

const report: BenchReport = {
  node: process.version,
  cpus: availableParallelism(),
  seed: streamOpts.seed,
  reps,
  stream: {
    payloads: stream.length,
    events: check.events,
    clusters: streamOpts.clusters,
    avgCompressedBytes: median(stream.map((p) => p.compressedBytes)),
    avgUncompressedBytes: median(stream.map((p) => p.uncompressedBytes)),
    planted,
  },
  prefilter: { kept: check.parsed, filtered: check.filtered, matched: check.matched, findings: check.findings, due: check.due },
  timing: Object.fromEntries(
    (["wallMs", "cpuMs"] as const).map((clock) => [
      clock === "wallMs" ? "wall" : "cpu",
      {
        floorMs: median(times.floor![clock]),
        sizedFloorMs: median(times.sizedFloor![clock]),
        pipelineOverSizedFloor: medianRatio(times.pipeline![clock], times.sizedFloor![clock]),
        baselineMs: median(times.baseline![clock]),
        pipelineMs: median(times.pipeline![clock]),
        unfilteredMs: median(times.unfiltered![clock]),
        pipelineOverBaseline: medianRatio(times.pipeline![clock], times.baseline![clock]),
        pipelineOverFloor: medianRatio(times.pipeline![clock], times.floor![clock]),
      },
    ]),
  ) as BenchReport["timing"],
  maxPayload: { compressedBytes: max.compressedBytes, uncompressedBytes: max.uncompressedBytes, events: max.events, memory },
  bareNodeMs: bare,
  bundles,
  skipped: [...skip],
};
process.stdout.write(formatReport(report));
process.stdout.write(worstLine);
if (storm.length > 0) process.stdout.write(formatStormCost(storm));
if (consumer) process.stdout.write(formatStreamConsumer(consumer));
if (fleet) process.stdout.write(formatFleetFanout(fleet));
if (replayFigures) process.stdout.write(formatReplay(replayFigures));
if (values.json) writeFileSync(values.json, JSON.stringify({ ...report, storm, fleet, consumer, replay: replayFigures }, null, 2) + "\n");
