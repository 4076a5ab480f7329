// The fleet queue's consumer: a partition message audits one account-region and stores its
// partial snapshot, and the message that completes the run asks for the merge; a merge message
// (that one, or the dispatcher's delayed deadline) merges what is in and writes the report once.
// Every step can be redelivered: the done set counts a partition once, the merge lease lets one
// merger run at a time, and a merged run ignores later messages.
import type { Clock, DeliveryLog } from "../../delivery/clock.ts";
import { parseSnapshot, serializeSnapshot } from "../snapshot-io.ts";
import type { FleetSnapshot } from "../snapshot.ts";
import type { ReportStore } from "../scheduled/report-store.ts";
import type { FanoutQueue } from "./dispatch.ts";
import { encodeMessage, partitionKey, type FanoutMessage, type Partition } from "./messages.ts";
import { mergePartials, partialKey } from "./merge.ts";
import type { RunRecord, RunStore } from "./run-store.ts";

export interface WorkerDeps {
  runs: RunStore;
  /** The report bucket: partial snapshots go under fleet-runs/. */
  parts: ReportStore;
  queue: FanoutQueue;
  clock: Clock;
  log: DeliveryLog;
  auditPartition(p: Partition, run: RunRecord): Promise<FleetSnapshot>;
  /** Writes the reports and sends the summary for the merged snapshot (scheduled/run.ts). */
  report(snapshot: FleetSnapshot): Promise<unknown>;
  /** How long a merger holds the run before another may take over (longer than a merge takes). */
  mergeLeaseMs: number;
}

/** A merge is running elsewhere: the message goes back to the queue and is seen again later. */
export class MergeBusy extends Error {
  override name = "MergeBusy";
}

export type WorkerOutcome = "audited" | "already-done" | "merged" | "not-complete" | "no-run" | "already-merged";

export async function handleFanoutMessage(m: FanoutMessage, d: WorkerDeps): Promise<WorkerOutcome> {
  const run = await d.runs.get(m.runId);
  if (!run) {
    d.log.warn("fleet message for an unknown run; dropped", { runId: m.runId });
    return "no-run";
  }
  if (run.merged) return "already-merged";
  return m.kind === "partition" ? partition(run, { account: m.account, region: m.region }, d) : merge(run, m.reason, d);
}

async function partition(run: RunRecord, p: Partition, d: WorkerDeps): Promise<WorkerOutcome> {
  const key = partitionKey(p);
  if (!run.partitions.some((q) => partitionKey(q) === key)) {
    d.log.warn("partition not in its run; dropped", { runId: run.runId, partition: key });
    return "no-run";
  }
  let outcome: WorkerOutcome = "already-done";
  let progress = { done: run.done.length, expected: run.partitions.length };
  if (!run.done.includes(key)) {
    const snapshot = await d.auditPartition(p, run);
    await d.parts.put(partialKey(run.runId, key), serializeSnapshot(snapshot), "application/json");
    progress = await d.runs.markDone(run.runId, key);
    d.log.info("fleet partition audited", {
      runId: run.runId,
      partition: key,
      clusters: snapshot.clusters.length,
      unreadable: snapshot.failures.length,
      ...progress,
    });
    outcome = "audited";
  }
  // Also on a redelivery: the first delivery may have stopped between marking and asking.
  if (progress.done >= progress.expected)
    await d.queue.send([{ body: encodeMessage({ kind: "merge", runId: run.runId, reason: "complete" }) }]);
  return outcome;
}

async function merge(run: RunRecord, reason: "complete" | "deadline", d: WorkerDeps): Promise<WorkerOutcome> {
  if (reason === "complete" && run.done.length < run.partitions.length) return "not-complete";
  if (!(await d.runs.claimMerge(run.runId, d.clock.now(), d.mergeLeaseMs))) {
    const again = await d.runs.get(run.runId);
    if (again?.merged) return "already-merged";
    throw new MergeBusy(`fleet run ${run.runId} is being merged elsewhere`);
  }
  const partials = new Map<string, FleetSnapshot>();
  await Promise.all(
    run.done.map(async (key) => {
      const text = await d.parts.get(partialKey(run.runId, key));
      if (text !== null) partials.set(key, parseSnapshot(text));
    }),
  );
  const snapshot = mergePartials(run, partials);
  await d.report(snapshot);
  await d.runs.finishMerge(run.runId, d.clock.now());
  d.log.info("fleet run merged", {
    runId: run.runId,
    reason,
    partitions: run.partitions.length,
    audited: partials.size,
    clusters: snapshot.clusters.length,
    unreadable: snapshot.failures.length,
  });
  return "merged";
}
