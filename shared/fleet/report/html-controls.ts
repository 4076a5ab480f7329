// What the report's script works on, as escaped data-* attributes: per cluster (a table row and
// its findings card) the severities and checks of its findings, its account and region, a
// lowercase search text, and sort keys; plus the search and filter bar (hidden until the script
// shows it). Every value goes through `esc`: an attribute can hold any text, never markup.
import { SEVERITIES, severityRank } from "../../core/severity.ts";
import type { Alert } from "../../types.ts";
import { esc } from "./html-escape.ts";
import type { ClusterRow, FleetReport } from "./model.ts";

/** A cluster's identity across the table, the cards and its findings. */
export const clusterKey = (r: Pick<ClusterRow, "account" | "region" | "name">): string => `${r.account ?? ""}|${r.region}|${r.name}`;

export function findingsOf(report: FleetReport, r: ClusterRow): Alert[] {
  return report.findings.filter((f) => f.cluster === r.name && f.region === r.region && f.account === r.account);
}

const uniq = (xs: readonly string[]): string[] => [...new Set(xs)].sort();

/** The filter and search attributes shared by a cluster's row and card. */
export function filterAttrs(r: ClusterRow, mine: readonly Alert[]): string {
  const search = [r.name, r.account, r.region, r.kubernetesVersion, r.vpcCniVersion, r.networkingLabel, r.cniIdentity, ...mine.flatMap((f) => [f.rule, f.title])]
    .filter(Boolean)
    .join(" ")
    .toLowerCase();
  return [
    `data-account="${esc(r.account ?? "")}"`,
    `data-region="${esc(r.region)}"`,
    `data-sevs="${esc(uniq(mine.map((f) => f.severity)).join(" "))}"`,
    `data-rules="${esc(uniq(mine.map((f) => f.rule)).join(" "))}"`,
    `data-search="${esc(search)}"`,
  ].join(" ");
}

/** Sort keys of a table row (the script compares them as text with numeric parts). */
export function sortAttrs(r: ClusterRow): string {
  const worst = r.worstSeverity ? severityRank(r.worstSeverity) : SEVERITIES.length;
  const keys: Record<string, string> = {
    name: r.name.toLowerCase(),
    account: `${r.account ?? ""} ${r.region}`,
    kubernetes: r.kubernetesVersion ?? "",
    cni: r.vpcCniVersion ?? "",
    // Worst first when ascending: rank, then more findings first.
    findings: `${worst}-${String(99_999 - r.findings).padStart(5, "0")}`,
  };
  return Object.entries(keys)
    .map(([k, v]) => `data-s-${k}="${esc(v)}"`)
    .join(" ");
}

/** A header cell that sorts the table by `key` (a button: keyboard and screen readers work). */
export const sortHead = (label: string, key: string): string => `<th data-sort="${key}"><button type="button">${esc(label)}</button></th>`;

function select(id: string, label: string, values: readonly string[]): string {
  const options = values.map((v) => `<option value="${esc(v)}">${esc(v)}</option>`).join("");
  return `<label>${esc(label)} <select id="${id}"><option value="">all</option>${options}</select></label>`;
}

export function controlsHtml(report: FleetReport): string {
  const clusters = report.clusters;
  return `<div id="controls" class="card controls" hidden>
<label class="search">Search <input id="f-search" type="search" placeholder="cluster, account, region, version, check…" autocomplete="off"></label>
${select("f-severity", "Severity", SEVERITIES.filter((s) => report.summary.bySeverity[s] > 0))}
${select("f-check", "Check", Object.keys(report.summary.byRule).sort())}
${select("f-account", "Account", uniq(clusters.map((c) => c.account ?? "").filter(Boolean)))}
${select("f-region", "Region", uniq(clusters.map((c) => c.region)))}
<button type="button" id="f-reset">Clear</button><button type="button" id="f-open">Expand findings</button><button type="button" id="f-close">Collapse all</button>
<span id="f-count" class="sub" aria-live="polite"></span>
<span id="f-none" class="empty" hidden>No cluster matches: change or clear the filters.</span>
</div>`;
}
