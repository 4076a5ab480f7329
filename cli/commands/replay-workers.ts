// Local files read by worker threads, a file at a time each; the main thread folds. Results are
// totalled in the files' order, and the collector ignores arrival order, so the output is the
// one thread's, byte for byte (test/integration/cli/replay-workers.test.ts).
import { existsSync } from "node:fs";
import { Worker } from "node:worker_threads";
import type { StreamStats } from "../../shared/stream/decode-stream.ts";
import type { Collector } from "../../shared/stream/collector.ts";
import type { FromWorker, WorkerSetup } from "../input/replay-worker.ts";
import type { InputSource } from "../input/source.ts";
import { addStats, type ReadTotals } from "./replay-read.ts";
import type { Progress } from "./replay-progress.ts";

/** The built worker bundle beside the CLI's (dist/cli/replay-worker.mjs), if there is one. */
export function workerBundle(): URL | undefined {
  for (const rel of ["../replay-worker.mjs", "./replay-worker.mjs"]) {
    const url = new URL(rel, import.meta.url);
    if (url.protocol === "file:" && existsSync(url)) return url;
  }
  return undefined;
}

export async function readWithWorkers(
  bundle: URL,
  files: readonly InputSource[],
  threads: number,
  setup: WorkerSetup,
  collector: Collector,
  totals: ReadTotals,
  progress?: Progress,
): Promise<void> {
  const results = new Array<StreamStats | string>(files.length);
  let next = 0;
  const run = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(bundle, { workerData: setup });
      const give = (): void => {
        if (next >= files.length) {
          void worker.terminate().then(() => resolve());
          return;
        }
        const index = next++;
        progress?.startFile(files[index]!);
        worker.postMessage({ index, path: files[index]!.path!, ...(files[index]!.size !== undefined ? { size: files[index]!.size } : {}) });
      };
      worker.on("message", (m: FromWorker) => {
        if (m.type === "batch") {
          for (const e of m.candidates) collector.addCandidate(e);
          for (let i = 0; i < m.others.length; i += 2) collector.addOther(m.others[i]!, m.others[i + 1]!);
          if (progress) progress.bytes(m.bytes);
          return;
        }
        results[m.index] = m.type === "done" ? m.stats : m.reason;
        give();
      });
      worker.on("error", reject);
      worker.once("online", give);
    });
  await Promise.all(Array.from({ length: Math.min(threads, files.length) }, run));
  for (const r of results) {
    if (typeof r === "string") totals.unreadable.push(r);
    else addStats(totals, r);
  }
}
