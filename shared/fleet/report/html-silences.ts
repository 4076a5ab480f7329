// The fleet report's active silences as HTML (every value escaped: reasons and names are typed by people).
import { esc } from "./html-escape.ts";
import type { FleetReport } from "./model.ts";

export function silencesSection(report: FleetReport): string {
  if (!report.silences || report.silences.length === 0) return "";
  const rows = report.silences.map((s) => {
    const match = Object.entries(s.match).map(([k, v]) => `${esc(k)} <code class="ver">${esc(v)}</code>`).join(", ");
    const h = s.heldBack;
    const held = `${h.events} events in ${h.keys} keys${h.worstSeverity ? `, worst ${esc(h.worstSeverity)}` : ""}; ${h.fleetFindings} findings of this report`;
    return `<tr><td class="name">${esc(s.id)}</td><td>${match}</td><td>${esc(s.until)}</td><td>${esc(s.reason)}</td><td>${esc(s.createdBy)}</td><td>${held}</td></tr>`;
  });
  return `<section><h2>Active silences</h2><div class="card table-wrap"><p class="sub">Held back, not lost: each sends one summary when it ends.</p><table><thead><tr><th>Silence</th><th>Matches</th><th>Until</th><th>Reason</th><th>By</th><th>Held back</th></tr></thead><tbody>${rows.join("")}</tbody></table></div></section>`;
}
