// Inline SVG bar charts (no script, no external assets). Colours are classes styled by
// the page's stylesheet; every label is escaped.
import { SEVERITIES, type Severity } from "../../core/severity.ts";
import { esc } from "./html-escape.ts";
import type { VersionCount } from "./model.ts";

interface Bar {
  label: string;
  value: number;
  cls: string;
}

const ROW = 28;
const LABEL_W = 170;
const BAR_W = 250;
const COUNT_W = 44;

function barChart(title: string, bars: readonly Bar[]): string {
  const height = Math.max(1, bars.length) * ROW + 8;
  const width = LABEL_W + BAR_W + COUNT_W;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rows = bars.map((b, i) => {
    const y = i * ROW + 4;
    const w = b.value === 0 ? 0 : Math.max(3, Math.round((b.value / max) * BAR_W));
    return [
      `<text class="chart-label" x="${LABEL_W - 10}" y="${y + 17}" text-anchor="end">${esc(truncate(b.label, 26))}<title>${esc(b.label)}</title></text>`,
      `<rect class="chart-track" x="${LABEL_W}" y="${y + 4}" width="${BAR_W}" height="18" rx="4"/>`,
      w > 0 ? `<rect class="${esc(b.cls)}" x="${LABEL_W}" y="${y + 4}" width="${w}" height="18" rx="4"/>` : "",
      `<text class="chart-count" x="${LABEL_W + BAR_W + 8}" y="${y + 17}">${b.value}</text>`,
    ].join("");
  });
  const empty = bars.length === 0 ? `<text class="chart-label" x="${LABEL_W}" y="20">no data</text>` : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>${rows.join("")}${empty}</svg>`;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function severityChart(bySeverity: Record<Severity, number>): string {
  return barChart(
    "Findings by severity",
    SEVERITIES.map((s) => ({ label: s, value: bySeverity[s] ?? 0, cls: `bar-${s}` })),
  );
}

export function versionChart(versions: readonly VersionCount[]): string {
  return barChart(
    "vpc-cni versions across the fleet",
    versions.map((v) => ({ label: v.version, value: v.clusters, cls: `bar-${v.health}` })),
  );
}
