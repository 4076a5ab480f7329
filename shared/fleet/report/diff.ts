// What changed since the previous report, by dedup key. A finding of the previous report
// on a cluster that could not be read this time is not "resolved" — it is unknown, and
// listed apart so nobody takes a read failure for a fix.
import type { Alert } from "../../types.ts";
import type { ReadFailure } from "../snapshot.ts";
import type { FleetReport } from "./model.ts";

export interface FindingChanges {
  previousGeneratedAt: string;
  new: Alert[];
  resolved: Alert[];
  /** Previous findings on clusters that failed to read this time. */
  unverified: Alert[];
  /** Findings present in both reports. */
  unchanged: number;
}

export function diffFindings(current: readonly Alert[], previous: FleetReport, failures: readonly ReadFailure[]): FindingChanges {
  const now = new Set(current.map((f) => f.dedupKey));
  const before = new Set(previous.findings.map((f) => f.dedupKey));
  const unreadable = (f: Alert): boolean =>
    failures.some(
      (x) => x.region === f.region && (x.cluster === null || x.cluster === f.cluster) && (x.account === null || x.account === f.account),
    );
  const gone = previous.findings.filter((f) => !now.has(f.dedupKey));
  return {
    previousGeneratedAt: previous.generatedAt,
    new: current.filter((f) => !before.has(f.dedupKey)),
    resolved: gone.filter((f) => !unreadable(f)),
    unverified: gone.filter(unreadable),
    unchanged: current.filter((f) => before.has(f.dedupKey)).length,
  };
}
