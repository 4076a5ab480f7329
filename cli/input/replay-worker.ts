// A replay worker thread: reads the local files it is given (decode, prefilter, normalise — the
// costly part) and sends the main thread what the collector needs: candidate events whole,
// every other event as its hashed identity and time. The main thread's collector is the only
// state, and its result does not depend on arrival order, so any number of workers gives the
// output of one thread.
import { parentPort, workerData } from "node:worker_threads";
import { replayPrefiltersFor } from "../../shared/stream/prefilters.ts";
import { ALL_RULES } from "../../shared/rules/index.ts";
import { Collector, otherIdentity } from "../../shared/stream/collector.ts";
import type { NormalizedEvent } from "../../shared/types.ts";
import { loadCliConfig } from "../config-file.ts";
import { fileSource } from "./local.ts";
import { unreadableReason } from "./source.ts";

export interface WorkerSetup {
  config: { configFile?: string; window?: string; snapshot?: string };
  nowMs: number;
  validate: boolean;
}

export type ToWorker = { index: number; path: string; size?: number };
export type FromWorker =
  | { type: "batch"; candidates: NormalizedEvent[]; others: Float64Array; bytes: number }
  | { type: "done"; index: number; stats: import("../../shared/stream/decode-stream.ts").StreamStats }
  | { type: "failed"; index: number; reason: string };

const setup = workerData as WorkerSetup;
const config = loadCliConfig(setup.config);
// Classification only: the worker never folds.
const classifier = new Collector(ALL_RULES, config, { nowMs: setup.nowMs });
const prefilters = setup.validate ? {} : replayPrefiltersFor(ALL_RULES.rules, config);
const port = parentPort!;

let candidates: NormalizedEvent[] = [];
let others: number[] = [];
let bytes = 0;
function flush(): void {
  if (candidates.length === 0 && others.length === 0 && bytes === 0) return;
  const batch: FromWorker = { type: "batch", candidates, others: Float64Array.from(others), bytes };
  port.postMessage(batch, [batch.others.buffer as ArrayBuffer]);
  candidates = [];
  others = [];
  bytes = 0;
}

port.on("message", async (job: ToWorker) => {
  try {
    const stats = await fileSource(job.path, job.size).read({
      onEvent: (e) => {
        if (classifier.isCandidate(e)) candidates.push(e);
        else others.push(otherIdentity(e), e.timeMs);
        if (candidates.length >= 256 || others.length >= 16384) flush();
      },
      onBytes: (n) => {
        bytes += n;
      },
      ...prefilters,
    });
    flush();
    port.postMessage({ type: "done", index: job.index, stats } satisfies FromWorker);
  } catch (err) {
    flush();
    port.postMessage({ type: "failed", index: job.index, reason: `${job.path}: ${unreadableReason(err)}` } satisfies FromWorker);
  }
});
