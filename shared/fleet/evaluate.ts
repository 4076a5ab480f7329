// Runs the fleet checks over a snapshot. Each hit becomes an Alert of the contract's JSON
// shape (rule fleet/<id>, count 1, first/last seen = the snapshot's time, no samples), so
// fleet findings flow through the same renderers and sinks as event alerts.
import { compareSeverity } from "../core/severity.ts";
import { withRemediation } from "../render/attached.ts";
import { toMarkdown } from "../render/markdown.ts";
import type { Alert } from "../types.ts";
import type { FleetCheck } from "./check.ts";
import { FLEET_CHECKS } from "./checks/index.ts";
import type { ClusterSnapshot, FleetSnapshot } from "./snapshot.ts";

export function fleetDedupKey(checkId: string, c: ClusterSnapshot, subject?: string): string {
  return [checkId, c.account ?? "-", c.region, c.name, ...(subject ? [subject] : [])].join("|");
}

/** Worst first, then by cluster and rule: a stable order for reports and diffs. */
export function compareFindings(a: Alert, b: Alert): number {
  return (
    compareSeverity(a.severity, b.severity) ||
    `${a.account}/${a.region}/${a.cluster}`.localeCompare(`${b.account}/${b.region}/${b.cluster}`) ||
    a.dedupKey.localeCompare(b.dedupKey)
  );
}

export function runFleetChecks(snapshot: FleetSnapshot, checks: readonly FleetCheck[] = FLEET_CHECKS): Alert[] {
  const out: Alert[] = [];
  for (const cluster of snapshot.clusters) {
    for (const check of checks) {
      for (const hit of check.evaluate(cluster)) {
        const alert: Alert = {
          rule: check.id,
          severity: hit.severity ?? check.severity,
          title: hit.title,
          cluster: cluster.name,
          account: cluster.account,
          region: cluster.region,
          dedupKey: fleetDedupKey(check.id, cluster, hit.subject),
          count: 1,
          firstSeen: snapshot.takenAt,
          lastSeen: snapshot.takenAt,
          facts: hit.facts,
          knownIssues: hit.knownIssues ?? [],
          remediation: toMarkdown(hit.remediation),
          references: [...new Set([...check.references, ...(hit.references ?? [])])],
          samples: [],
        };
        out.push(withRemediation(alert, hit.remediation));
      }
    }
  }
  return out.sort(compareFindings);
}
