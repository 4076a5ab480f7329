import pc from "picocolors";
import type { Alert, Severity } from "../shared/types.ts";
import { remediationOf } from "../shared/render/attached.ts";
import { toPlainText } from "../shared/render/plain-text.ts";
import { inert } from "./terminal-text.ts";

type Paint = (s: string) => string;

const SEVERITY_PAINT: Record<Severity, (c: ReturnType<typeof pc.createColors>) => Paint> = {
  critical: (c) => (s) => c.bold(c.bgRed(c.white(s))),
  high: (c) => (s) => c.bold(c.red(s)),
  medium: (c) => (s) => c.yellow(s),
  low: (c) => (s) => c.cyan(s),
  info: (c) => (s) => c.dim(s),
};

/** "2024-05-27 08:15:30Z"; the report is read by people, the JSON keeps full ISO. */
function shortTime(iso: string): string {
  return iso.replace("T", " ").replace(/\.\d+Z$/, "Z");
}


function where(a: Alert): string {
  const place = [a.region, a.account].filter(Boolean).join(", ");
  return `${a.cluster ?? "cluster unknown"}${place ? ` (${place})` : ""}`;
}

/** A human-readable report of alerts: one block each, worst first within time order. */
export function formatReport(alerts: readonly Alert[], opts: { color: boolean }): string {
  const c = pc.createColors(opts.color);
  if (alerts.length === 0) return "No alerts: no event matched a rule.\n";
  const blocks = alerts.map((a) => {
    const sev = SEVERITY_PAINT[a.severity](c)(` ${a.severity.toUpperCase()} `);
    const lines = [
      `${sev} ${c.bold(a.rule)} · ${inert(where(a))}`,
      `  ${c.bold(inert(a.title))}`,
      c.dim(`  ${a.count} event${a.count === 1 ? "" : "s"} · ${shortTime(a.firstSeen)} → ${shortTime(a.lastSeen)} · key ${inert(a.dedupKey)}`),
    ];
    if (a.knownIssues.length) lines.push(`  ${c.magenta("known issues:")} ${a.knownIssues.join(", ")}`);
    lines.push("");
    for (const line of toPlainText(remediationOf(a)).split("\n")) lines.push(line ? `    ${inert(line)}` : "");
    if (a.references.length) {
      lines.push("", c.dim("  References:"));
      for (const r of a.references) lines.push(c.dim(`    ${r}`));
    }
    return lines.join("\n");
  });
  const rule = c.dim("─".repeat(72));
  return `${blocks.join(`\n${rule}\n`)}\n`;
}
