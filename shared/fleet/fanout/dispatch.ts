// The dispatcher: a fleet run split into one queue message per account-region, recorded first
// (so the merge knows every partition that should come back), then a delayed merge message as
// the run's deadline — whatever is not in by then is reported as not audited.
import { fleetTargets } from "../inventory.ts";
import type { FleetScope } from "../snapshot.ts";
import { encodeMessage } from "./messages.ts";
import type { RunStore } from "./run-store.ts";

export interface QueueMessage {
  body: string;
  /** SQS allows up to 900 seconds. */
  delaySeconds?: number;
}

export interface FanoutQueue {
  send(messages: readonly QueueMessage[]): Promise<void>;
}

export const MAX_DELAY_SECONDS = 900;

export interface DispatchInput {
  runId: string;
  takenAt: string;
  scope: FleetScope;
  runs: Pick<RunStore, "create">;
  queue: FanoutQueue;
  /** When the merge runs even if partitions are missing (seconds after dispatch, at most 900). */
  deadlineSeconds: number;
  /** When the run's record may be deleted (the table's TTL). */
  expiresAtMs: number;
}

export async function dispatchFleetRun(d: DispatchInput): Promise<{ partitions: number }> {
  const partitions = fleetTargets(d.scope.regions, d.scope.accounts);
  await d.runs.create({ runId: d.runId, takenAt: d.takenAt, scope: d.scope, partitions }, d.expiresAtMs);
  await d.queue.send(
    partitions.map((p) => ({ body: encodeMessage({ kind: "partition", runId: d.runId, account: p.account, region: p.region }) })),
  );
  await d.queue.send([
    {
      body: encodeMessage({ kind: "merge", runId: d.runId, reason: "deadline" }),
      delaySeconds: Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.round(d.deadlineSeconds))),
    },
  ]);
  return { partitions: partitions.length };
}
