// Alerts as one Markdown document (a ticket, a PR comment, a wiki page): a summary table,
// then each alert worst first. Values from events are escaped (mdText); remediation is the
// contract's Markdown, written by the rules.
import { mdText } from "../fleet/md.ts";
import { SEVERITIES } from "../core/severity.ts";
import type { Alert } from "../types.ts";
import { worstFirst } from "./order.ts";

const row = (cells: string[]): string => `| ${cells.join(" | ")} |`;

export function alertsMarkdown(alerts: readonly Alert[]): string {
  const sorted = [...alerts].sort(worstFirst);
  const out = ["# VPC CNI alerts", ""];
  if (sorted.length === 0) return `${out.join("\n")}\nNo alerts: no event matched a rule.\n`;
  const counts = SEVERITIES.map((s) => [s, sorted.filter((a) => a.severity === s).length] as const).filter(([, n]) => n > 0);
  out.push(`**${sorted.length} alert${sorted.length === 1 ? "" : "s"}**: ${counts.map(([s, n]) => `${n} ${s}`).join(" · ")}`, "");
  out.push(row(["Severity", "Rule", "Cluster", "Account", "Region", "Events", "First seen", "Last seen"]), row(Array(8).fill("---")));
  for (const a of sorted) {
    out.push(row([a.severity, `\`${a.rule}\``, mdText(a.cluster), mdText(a.account), mdText(a.region), String(a.count), a.firstSeen, a.lastSeen]));
  }
  out.push("");
  for (const a of sorted) {
    out.push(`## ${a.severity.toUpperCase()}: ${mdText(a.title)}`, "");
    out.push(`\`${a.rule}\` on ${mdText(a.cluster)} · ${a.count} event${a.count === 1 ? "" : "s"}, ${a.firstSeen} → ${a.lastSeen}`, "");
    if (a.knownIssues.length) out.push(`Known issues: ${a.knownIssues.map((k) => `\`${k}\``).join(", ")}`, "");
    out.push(a.remediation.trim(), "");
    if (a.references.length) out.push(...a.references.map((r) => `- <${r.replace(/[<>\s]/g, "")}>`), "");
  }
  return `${out.join("\n").trimEnd()}\n`;
}
