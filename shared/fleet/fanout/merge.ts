// The merge step's core: the partial snapshots of a run's partitions become one fleet snapshot.
// A partition without a stored partial (its worker failed or ran out of time before the run's
// deadline) is reported as unreadable, never silently left out.
import { SNAPSHOT_SCHEMA, SNAPSHOT_SCHEMA_VERSION, clusterKey, type FleetSnapshot, type ReadFailure } from "../snapshot.ts";
import { partitionKey } from "./messages.ts";
import type { RunRecord } from "./run-store.ts";

export const NOT_AUDITED =
  "not audited before the run's deadline (its worker failed or timed out: see the fleet queue's dead-letter queue)";

export function mergePartials(run: RunRecord, partials: ReadonlyMap<string, FleetSnapshot>): FleetSnapshot {
  const clusters = [];
  const failures: ReadFailure[] = [];
  for (const p of run.partitions) {
    const part = partials.get(partitionKey(p));
    if (!part) {
      failures.push({ account: p.account, region: p.region, cluster: null, operation: "FleetPartition", error: NOT_AUDITED });
      continue;
    }
    clusters.push(...part.clusters);
    failures.push(...part.failures);
  }
  return {
    schema: SNAPSHOT_SCHEMA,
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    takenAt: run.takenAt,
    scope: run.scope,
    clusters: clusters.sort((a, b) => clusterKey(a).localeCompare(clusterKey(b))),
    failures: failures.sort((a, b) =>
      `${a.account ?? "-"}/${a.region}/${a.cluster ?? ""}`.localeCompare(`${b.account ?? "-"}/${b.region}/${b.cluster ?? ""}`),
    ),
  };
}

/** Where a partition's partial snapshot is kept (the report bucket, beside the reports). */
export function partialKey(runId: string, key: string): string {
  return `fleet-runs/${runId}/${key}.json`;
}
