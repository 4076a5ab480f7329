// The one alert a scheduled fleet audit sends through the sinks: counts, the worst
// findings, what changed, and a lasting pointer to the report (never a presigned URL).
import { SEVERITIES, atLeast, type Severity } from "../core/severity.ts";
import type { Alert } from "../types.ts";
import { withRemediation } from "../render/attached.ts";
import { toMarkdown } from "../render/markdown.ts";
import { link, list, md, paragraph, remediation, strong, type Block, type Inline } from "../render/remediation.ts";
import type { FleetReport } from "./report/model.ts";

export const SUMMARY_RULE = "fleet/summary";
const WORST_SHOWN = 5;

export function fleetSummaryAlert(report: FleetReport, reportUrl: string): Alert {
  const s = report.summary;
  const failed = s.failedClusters + s.failedTargets;
  let severity: Severity = report.findings[0]?.severity ?? "info";
  // A cluster the audit could not read is a blind spot: at least medium.
  if (failed > 0 && !atLeast(severity, "medium")) severity = "medium";
  const counts = SEVERITIES.filter((x) => s.bySeverity[x] > 0).map((x) => `${s.bySeverity[x]} ${x}`);
  const title =
    `Fleet audit: ${s.findings} finding${s.findings === 1 ? "" : "s"} on ${s.clustersWithFindings} of ${s.clusters} clusters` +
    (counts.length ? ` (${counts.join(", ")})` : "") +
    (failed ? ` — ${failed} could not be read` : "");
  const blocks: Block[] = [paragraph(md`${strong("Report:")} ${link(reportUrl, reportUrl)}`)];
  const items = (xs: Inline[]) => list(xs);
  if (report.findings.length) {
    const worst = report.findings.slice(0, WORST_SHOWN).map((f) => md`${f.severity.toUpperCase()} ${f.title} (${f.region})`);
    if (report.findings.length > WORST_SHOWN) worst.push(md`… and ${report.findings.length - WORST_SHOWN} more in the report`);
    blocks.push(paragraph([strong("Worst findings")]), items(worst));
  }
  if (report.changes) {
    const c = report.changes;
    blocks.push(paragraph(md`${strong(`Since ${c.previousGeneratedAt.slice(0, 16).replace("T", " ")} UTC:`)} ${c.new.length} new, ${c.resolved.length} resolved`));
    if (c.new.length > 0) blocks.push(items(c.new.slice(0, WORST_SHOWN).map((f) => md`new: ${f.severity} ${f.title}`)));
  }
  if (failed) {
    blocks.push(paragraph(md`${strong("Not read")} (fix the audit role's access; these clusters were not checked)`));
    blocks.push(
      items(
        report.failures
          .slice(0, WORST_SHOWN)
          .map((f) => md`${f.cluster ?? "all clusters"} in ${f.account ?? "this account"}/${f.region}: ${f.operation} ${f.error}`),
      ),
    );
  }
  const doc = remediation(blocks);
  return withRemediation({
    rule: SUMMARY_RULE,
    severity,
    title,
    cluster: null,
    account: null,
    region: null,
    dedupKey: `${SUMMARY_RULE}|${report.generatedAt}`,
    count: 1,
    firstSeen: report.generatedAt,
    lastSeen: report.generatedAt,
    facts: {
      clusters: s.clusters,
      findings: s.findings,
      ...Object.fromEntries(SEVERITIES.map((x) => [x, s.bySeverity[x]])),
      unreadable: failed,
      newFindings: report.changes?.new.length ?? null,
      resolvedFindings: report.changes?.resolved.length ?? null,
      reportUrl,
      worst: report.findings.slice(0, WORST_SHOWN).map((f) => f.dedupKey),
    },
    knownIssues: [...new Set(report.findings.flatMap((f) => f.knownIssues))],
    remediation: toMarkdown(doc),
    references: [reportUrl],
    samples: [],
  }, doc);
}
