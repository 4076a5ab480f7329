// The state of one fan-out run: which partitions it has, which are done, and whether it was
// merged. The DynamoDB adapter is run-store-dynamo.ts; memoryRunStore serves tests and the bench.
// "Done" is a set of partition keys, so a redelivered partition message counts once.
import type { FleetScope } from "../snapshot.ts";
import type { Partition } from "./messages.ts";

export interface RunRecord {
  runId: string;
  takenAt: string;
  scope: FleetScope;
  partitions: Partition[];
  /** partitionKey()s of the partitions whose partial snapshot is stored. */
  done: string[];
  merged: boolean;
}

export interface RunStore {
  /** Records a new run; a run id used before is an error. */
  create(run: Omit<RunRecord, "done" | "merged">, expiresAtMs: number): Promise<void>;
  get(runId: string): Promise<RunRecord | null>;
  /** Adds the partition to the done set; answers how many are done of how many. */
  markDone(runId: string, key: string): Promise<{ done: number; expected: number }>;
  /** One merger at a time: true when this caller holds the merge until `nowMs + leaseMs`. */
  claimMerge(runId: string, nowMs: number, leaseMs: number): Promise<boolean>;
  finishMerge(runId: string, nowMs: number): Promise<void>;
}

export function memoryRunStore(): RunStore & { runs: Map<string, RunRecord & { lease: number }> } {
  const runs = new Map<string, RunRecord & { lease: number }>();
  const must = (runId: string) => {
    const r = runs.get(runId);
    if (!r) throw new Error(`no fleet run ${runId}`);
    return r;
  };
  return {
    runs,
    async create(run) {
      if (runs.has(run.runId)) throw new Error(`fleet run ${run.runId} exists`);
      runs.set(run.runId, { ...structuredClone(run), done: [], merged: false, lease: 0 });
    },
    async get(runId) {
      const r = runs.get(runId);
      if (!r) return null;
      const { lease: _lease, ...record } = r;
      return structuredClone(record);
    },
    async markDone(runId, key) {
      const r = must(runId);
      if (!r.done.includes(key)) r.done.push(key);
      return { done: r.done.length, expected: r.partitions.length };
    },
    async claimMerge(runId, nowMs, leaseMs) {
      const r = must(runId);
      if (r.merged || r.lease > nowMs) return false;
      r.lease = nowMs + leaseMs;
      return true;
    },
    async finishMerge(runId) {
      must(runId).merged = true;
    },
  };
}
