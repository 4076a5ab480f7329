import pc from "picocolors";
import { SEVERITIES, type Severity } from "../shared/core/severity.ts";
import type { Alert } from "../shared/types.ts";
import { worstFirst } from "../shared/output/order.ts";
import { remediationOf } from "../shared/render/attached.ts";
import { toTextLines } from "../shared/render/text.ts";
import { inert, terminalPaint } from "./terminal-text.ts";

type Colors = ReturnType<typeof pc.createColors>;
type Paint = (s: string) => string;

const SEVERITY_PAINT: Record<Severity, (c: Colors) => Paint> = {
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

/** The top of the report: how bad, where, and over what time. */
export function summaryLines(alerts: readonly Alert[], c: Colors): string[] {
  const bySeverity = SEVERITIES.map((s) => [s, alerts.filter((a) => a.severity === s).length] as const).filter(([, n]) => n > 0);
  const clusters = new Map<string, number>();
  for (const a of alerts) clusters.set(a.cluster ?? "cluster unknown", (clusters.get(a.cluster ?? "cluster unknown") ?? 0) + 1);
  const first = alerts.reduce((m, a) => (a.firstSeen < m ? a.firstSeen : m), alerts[0]!.firstSeen);
  const last = alerts.reduce((m, a) => (a.lastSeen > m ? a.lastSeen : m), alerts[0]!.lastSeen);
  const events = alerts.reduce((n, a) => n + a.count, 0);
  const lines = [
    c.bold(`${alerts.length} alert${alerts.length === 1 ? "" : "s"} from ${events} event${events === 1 ? "" : "s"}, ${shortTime(first)} → ${shortTime(last)}`),
    `  severity: ${bySeverity.map(([s, n]) => SEVERITY_PAINT[s](c)(`${n} ${s}`)).join(", ")}`,
    `  clusters: ${[...clusters].map(([name, n]) => `${inert(name)} (${n})`).join(", ")}`,
    "",
  ];
  for (const a of [...alerts].sort(worstFirst)) {
    lines.push(`  ${SEVERITY_PAINT[a.severity](c)(a.severity.toUpperCase().padEnd(8))} ${a.rule.padEnd(22)} ${inert(where(a))}`);
  }
  return lines;
}

/** A human-readable report of alerts: the summary, then one block per alert, worst first. */
export function formatReport(alerts: readonly Alert[], opts: { color: boolean }): string {
  const c = pc.createColors(opts.color);
  const paint = terminalPaint(opts.color);
  if (alerts.length === 0) return "No alerts: no event matched a rule.\n";
  const blocks = [...alerts].sort(worstFirst).map((a) => {
    const sev = SEVERITY_PAINT[a.severity](c)(` ${a.severity.toUpperCase()} `);
    const lines = [
      `${sev} ${c.bold(a.rule)} · ${inert(where(a))}`,
      `  ${c.bold(inert(a.title))}`,
      c.dim(`  ${a.count} event${a.count === 1 ? "" : "s"} · ${shortTime(a.firstSeen)} → ${shortTime(a.lastSeen)} · key ${inert(a.dedupKey)}`),
    ];
    if (a.knownIssues.length) lines.push(`  ${c.magenta("known issues:")} ${a.knownIssues.join(", ")}`);
    lines.push("", ...toTextLines(remediationOf(a), { paint, indent: "    ", width: 100 }));
    if (a.references.length) {
      lines.push("", c.dim("  References:"));
      for (const r of a.references) lines.push(c.dim(`    ${inert(r)}`));
    }
    return lines.join("\n");
  });
  const rule = c.dim("─".repeat(72));
  return `${[summaryLines(alerts, c).join("\n"), ...blocks].join(`\n${rule}\n`)}\n`;
}
