// report.html: one self-contained page (inline CSS, SVG and one constant script, no external
// request). A strict CSP allows only the page's own stylesheet and script, by hash; every
// value from the EKS API is escaped, so hostile names or messages show as text. At hundreds
// of clusters: search and filters (html-controls.ts, html-script.ts), a sortable cluster table
// that scrolls in place, and findings collapsed per cluster.
import { silencesSection } from "./html-silences.ts";
import { createHash } from "node:crypto";
import { SEVERITIES, severityRank } from "../../core/severity.ts";
import type { Alert, FactValue } from "../../types.ts";
import { severityChart, versionChart } from "./html-charts.ts";
import { esc, link } from "./html-escape.ts";
import { remediationHtml } from "./html-markdown.ts";
import { REPORT_CSS } from "./html-style.ts";
import { clusterKey, controlsHtml, filterAttrs, findingsOf, sortAttrs, sortHead } from "./html-controls.ts";
import { REPORT_SCRIPT, SCRIPT_HASH } from "./html-script.ts";
import type { ClusterRow, FleetReport } from "./model.ts";
import { utc } from "./markdown.ts";

export function contentSecurityPolicy(css: string = REPORT_CSS): string {
  const hash = createHash("sha256").update(css, "utf8").digest("base64");
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src 'none'; script-src '${SCRIPT_HASH}'; base-uri 'none'; form-action 'none'`;
}

const pill = (cls: string, text: string): string => `<span class="pill ${esc(cls)}">${esc(text)}</span>`;

function kpi(label: string, n: number | string, sub: string, tone = ""): string {
  return `<div class="card kpi ${tone}"><div class="l">${esc(label)}</div><div class="n">${esc(n)}</div><div class="s">${sub}</div></div>`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function factText(v: FactValue): string {
  if (v === null) return "—";
  if (Array.isArray(v)) return v.length ? v.join(", ") : "—";
  if (typeof v === "object") return Object.entries(v).map(([k, n]) => `${k}: ${n}`).join(", ");
  return String(v);
}

function findingDetails(f: Alert): string {
  const facts = Object.entries(f.facts)
    .map(([k, v]) => `<code>${esc(k)}</code> ${esc(factText(v))}`)
    .join(" · ");
  return [
    `<details data-sev="${esc(f.severity)}" data-rule="${esc(f.rule)}"><summary>${pill(f.severity, f.severity)} <span>${esc(f.title)}</span> <span class="rule">${esc(f.rule)}</span></summary>`,
    `<div class="finding-body">`,
    remediationHtml(f),
    f.knownIssues.length ? `<p class="refs">Known issues: ${f.knownIssues.map((k) => `<code>${esc(k)}</code>`).join(" ")}</p>` : "",
    facts ? `<p class="refs">Facts: ${facts}</p>` : "",
    f.references.length ? `<p class="refs">References: ${f.references.map((r) => link(r)).join(" · ")}</p>` : "",
    `</div></details>`,
  ].join("\n");
}

/** The IAM simulation of the CNI role against what the running version needs. */
function permissionCell(r: ClusterRow): string {
  const p = r.cniPermissions;
  if (!p || p.state === "unknown") return `<span class="sub" title="not simulated">—</span>`;
  if (p.state === "ok") return "allowed";
  if (p.state === "unchecked") return `<span class="off">not checked</span>`;
  return `${pill(p.blocking.length ? "critical" : "high", `lacks ${p.missing.length}`)}<div class="sub">${p.missing.map((a) => esc(a)).join("<br>")}</div>`;
}

function clusterRow(r: ClusterRow, mine: readonly Alert[], card: string | null): string {
  const cni = r.vpcCniVersion
    ? `<code class="ver">${esc(r.vpcCniVersion)}</code>${r.vpcCniStatus && r.vpcCniStatus !== "ACTIVE" ? ` ${pill("high", r.vpcCniStatus)}` : ""}`
    : `<span class="sub">—</span>`;
  const worst = r.worstSeverity ? `${pill(r.worstSeverity, `${r.findings} · ${r.worstSeverity}`)}` : pill("none", "none");
  const name = card ? `<a href="#${card}" data-card="${card}">${esc(r.name)}</a>` : esc(r.name);
  return `<tr ${filterAttrs(r, mine)} ${sortAttrs(r)}>
<td><div class="name">${name}</div><div class="sub">${r.account ? `<span class="nw">${esc(r.account)}</span> · ` : ""}<span class="nw">${esc(r.region)}</span></div></td>
<td>${esc(r.kubernetesVersion ?? "—")}<div class="sub">${esc(r.platformVersion ?? "")}</div></td>
<td>${esc(r.networkingLabel)}</td>
<td>${cni}</td>
<td>${r.defaultVersion ? `<code class="ver">${esc(r.defaultVersion)}</code>` : "—"}</td>
<td>${esc(r.cniIdentity ?? "—")}</td>
<td>${permissionCell(r)}</td>
<td>${r.auditLogging ? "on" : `<span class="off">off</span>`}</td>
<td>${worst}${r.partialErrors.length ? `<div class="sub" title="${esc(r.partialErrors.join("\n"))}">read in part</div>` : ""}</td>
</tr>`;
}

function changesSection(report: FleetReport): string {
  const c = report.changes;
  if (!c) return `<section class="card changes"><h2>What changed</h2><p class="empty">No previous report was given, so there is nothing to compare with.</p></section>`;
  const item = (tag: string, f: Alert): string =>
    `<li>${pill(tag, tag === "unverified" ? "not re-checked" : tag)} ${pill(f.severity, f.severity)} ${esc(f.title)} <span class="sub">${esc(f.cluster ?? "")} · ${esc(f.region ?? "")}</span></li>`;
  const items = [...c.new.map((f) => item("new", f)), ...c.resolved.map((f) => item("resolved", f)), ...c.unverified.map((f) => item("unverified", f))];
  return `<section class="card changes"><h2>What changed since ${esc(utc(c.previousGeneratedAt))}</h2>
<p class="sub">${plural(c.new.length, "new finding")} · ${c.resolved.length} resolved · ${c.unchanged} unchanged${c.unverified.length ? ` · ${c.unverified.length} not re-checked (cluster unreadable)` : ""}</p>
${items.length ? `<ul>${items.join("")}</ul>` : `<p class="empty">No change.</p>`}</section>`;
}

/** Card ids by cluster: only clusters with findings have a card. */
function cardIds(report: FleetReport): Map<string, string> {
  return new Map(report.clusters.filter((r) => r.findings > 0).map((r) => [clusterKey(r), `c-${report.clusters.indexOf(r)}`]));
}

function findingsByCluster(report: FleetReport): string {
  const rank = (r: ClusterRow): number => (r.worstSeverity ? severityRank(r.worstSeverity) : SEVERITIES.length);
  const groups = report.clusters.filter((r) => r.findings > 0).sort((a, b) => rank(a) - rank(b) || b.findings - a.findings);
  if (groups.length === 0) return `<section><h2>Findings</h2><div class="card"><p class="empty">No findings: every cluster passed every check.</p></div></section>`;
  const ids = cardIds(report);
  const cards = groups.map((r) => {
    const mine = findingsOf(report, r);
    const worst = r.worstSeverity ? pill(r.worstSeverity, `${r.findings} · ${r.worstSeverity}`) : "";
    return `<details class="card cluster" id="${ids.get(clusterKey(r))}" ${filterAttrs(r, mine)}><summary class="cluster-head"><h3>${esc(r.name)}</h3>${worst}<span class="sub">${esc(r.account ?? "")} · ${esc(r.region)} · Kubernetes ${esc(r.kubernetesVersion ?? "?")} · ${esc(r.networkingLabel)}</span></summary>
${mine.map(findingDetails).join("\n")}</details>`;
  });
  return `<section><h2>Findings by cluster</h2><p class="sub">Worst first. Open a cluster, then a finding, for what it breaks and the exact commands.</p>${cards.join("\n")}</section>`;
}

function failuresSection(report: FleetReport): string {
  if (report.failures.length === 0) return "";
  const rows = report.failures.map(
    (f) => `<tr><td class="name">${esc(f.cluster ?? "(all clusters)")}</td><td>${esc(f.account ?? "—")}</td><td>${esc(f.region)}</td><td><code class="ver">${esc(f.operation)}</code></td><td>${esc(f.error)}</td></tr>`,
  );
  return `<section><h2>Could not read</h2><div class="card table-wrap"><p class="sub">These were not checked; their findings are unknown, not absent.</p><table><thead><tr><th>Cluster</th><th>Account</th><th>Region</th><th>Operation</th><th>Error</th></tr></thead><tbody>${rows.join("")}</tbody></table></div></section>`;
}

function topChecks(report: FleetReport): string {
  const rules = Object.entries(report.summary.byRule).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 6);
  if (rules.length === 0) return "";
  return `<h2 class="minor">Most frequent checks</h2><table class="compact"><tbody>${rules
    .map(([rule, n]) => `<tr><td><span class="rule">${esc(rule)}</span></td><td class="num">${n}</td></tr>`)
    .join("")}</tbody></table>`;
}

function clusterRows(report: FleetReport): string {
  const ids = cardIds(report);
  return report.clusters.map((r) => clusterRow(r, findingsOf(report, r), ids.get(clusterKey(r)) ?? null)).join("\n");
}

export function renderHtml(report: FleetReport): string {
  const s = report.summary;
  const urgent = s.bySeverity.critical + s.bySeverity.high;
  const failed = s.failedClusters + s.failedTargets;
  const changes = report.changes
    ? kpi("Since last report", `+${report.changes.new.length} / −${report.changes.resolved.length}`, "new / resolved findings")
    : kpi("Since last report", "—", "no previous report");
  const scope = [
    `regions ${report.scope.regions.join(", ") || "—"}`,
    report.scope.accounts.length ? `accounts ${report.scope.accounts.join(", ")}` : "",
  ].filter(Boolean).join(" · ");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(contentSecurityPolicy())}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>VPC CNI fleet report · ${esc(utc(report.generatedAt))}</title>
<style>${REPORT_CSS}</style>
</head>
<body><main>
<header><h1>VPC CNI fleet report</h1><p>Generated ${esc(utc(report.generatedAt))} · ${esc(scope)}</p></header>
<div class="kpis">
${kpi("Clusters", s.clusters, `${plural(s.regions, "region")} · ${plural(s.accounts, "account")}`)}
${kpi("Findings", s.findings, `on ${plural(s.clustersWithFindings, "cluster")}`, s.findings === 0 ? "good" : "")}
${kpi("Critical + high", urgent, `${s.bySeverity.critical} critical · ${s.bySeverity.high} high`, urgent > 0 ? "alert" : "good")}
${kpi("Read failures", failed, failed ? "clusters or accounts not checked" : "every cluster was read", failed ? "alert" : "good")}
${changes}
</div>
<section class="charts">
<div class="card"><h2>Findings by severity</h2>${severityChart(s.bySeverity)}${topChecks(report)}</div>
<div class="card"><h2>vpc-cni versions across the fleet</h2>${versionChart(s.vpcCniVersions)}
<div class="legend"><span><i class="ok"></i>current</span><span><i class="behind"></i>behind the default</span><span><i class="at-risk"></i>known issue or below the recommended floor</span><span><i class="not-an-addon"></i>no vpc-cni add-on</span></div></div>
</section>
${changesSection(report)}
<section><h2>Clusters</h2>
${controlsHtml(report)}
<div class="card table-wrap tall"><table id="clusters"><thead><tr>${sortHead("Cluster", "name")}${sortHead("Kubernetes", "kubernetes")}<th>Networking</th>${sortHead("vpc-cni", "cni")}<th>Default</th><th>CNI credentials</th><th>CNI permissions</th><th>Audit log</th>${sortHead("Findings", "findings")}</tr></thead><tbody>
${clusterRows(report)}
</tbody></table></div></section>
${findingsByCluster(report)}
${failuresSection(report)}
${silencesSection(report)}
<script>${REPORT_SCRIPT}</script>
<footer>cni-auditor fleet report · ${esc(report.schema)} v${esc(report.schemaVersion)} · the same data is in report.json and report.md</footer>
</main></body>
</html>
`;
}
