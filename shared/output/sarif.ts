// SARIF 2.1.0 (OASIS), for tools that collect static-analysis style results (code scanning
// dashboards, DefectDojo). One run; a rule per alert rule; a result per alert, located by
// logical location (account/region/cluster) since alerts are about clusters, not files.
import type { Alert, Severity } from "../types.ts";
import { PRODUCT } from "./product.ts";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { critical: "error", high: "error", medium: "warning", low: "note", info: "note" };

export function alertsSarif(alerts: readonly Alert[]): Record<string, unknown> {
  const ruleIds = [...new Set(alerts.map((a) => a.rule))].sort();
  const rules = ruleIds.map((id) => {
    const first = alerts.find((a) => a.rule === id)!;
    return { id, shortDescription: { text: id }, ...(first.references[0] ? { helpUri: first.references[0] } : {}) };
  });
  const results = alerts.map((a) => ({
    ruleId: a.rule,
    ruleIndex: ruleIds.indexOf(a.rule),
    level: LEVEL[a.severity],
    message: { text: a.title },
    logicalLocations: [
      {
        name: a.cluster ?? "cluster unknown",
        fullyQualifiedName: [a.account ?? "-", a.region ?? "-", a.cluster ?? "-"].join("/"),
        kind: "resource",
      },
    ],
    partialFingerprints: { dedupKey: a.dedupKey },
    properties: {
      severity: a.severity,
      count: a.count,
      firstSeen: a.firstSeen,
      lastSeen: a.lastSeen,
      knownIssues: a.knownIssues,
      remediation: a.remediation,
      facts: a.facts,
    },
  }));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{ tool: { driver: { name: PRODUCT.name, rules } }, results }],
  };
}
