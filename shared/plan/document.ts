// The plan as Markdown (a pull request comment) and as terminal text. Every string of the plan
// may carry API values (cluster names, role ARNs): Markdown escapes them, and the caller makes
// the terminal text inert; commands are already shell-quoted lines.
import { mdEscape } from "../render/markdown.ts";
import { neutral } from "../render/neutral.ts";
import type { ClusterPlan, Companion, FleetPlan, PlanStep } from "./model.ts";

const v = (s: string | null | undefined): string => mdEscape(neutral(s ?? "—"));
const code = (s: string | null | undefined): string => `\`${neutral(s ?? "—")}\``;

function fence(lines: string[]): string {
  const longest = Math.max(0, ...lines.flatMap((l) => (l.match(/`+/g) ?? []).map((r) => r.length)));
  const f = "`".repeat(Math.max(3, longest + 1));
  return [`${f}sh`, ...lines, f].join("\n");
}

function stepText(s: PlanStep): string {
  if (s.kind === "permissions") return `permissions: ${s.subject}: ${s.to} (${s.reason})`;
  if (s.kind === "kubernetes") return `Kubernetes ${s.from ?? "?"} → ${s.to} (${s.reason})`;
  return `${s.subject} ${s.from ?? "(not installed)"} → ${s.to} (${s.reason})`;
}

function companionText(c: Companion): string {
  const state = c.ok === true ? "ok" : c.ok === false ? "NEEDS ACTION" : "check";
  return `${c.name}: needs ${c.needs}; ${c.current ? `now ${c.current}` : "not visible in the EKS API"} [${state}] (${c.note})`;
}

function headline(p: FleetPlan): string {
  const r = p.request;
  const to = r.to ? `vpc-cni → ${r.to}` : "vpc-cni (keep the version where Kubernetes allows)";
  return `${to}${r.kubernetes ? `, Kubernetes → ${r.kubernetes}` : ""}`;
}

function counts(p: FleetPlan): string {
  const s = Object.entries(p.summary.bySeverity).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(", ");
  return `${p.summary.planned} of ${p.summary.clusters} clusters planned; findings: ${s || "none"} (snapshot of ${p.snapshotTakenAt})`;
}

function clusterMarkdown(c: ClusterPlan): string {
  const out = [`### ${v(c.name)} (${v(c.account ?? "-")} / ${v(c.region)})${c.worstSeverity ? ` — ${c.worstSeverity}` : ""}`, ""];
  if (c.skipped) return [...out, v(c.skipped), ""].join("\n");
  out.push(`vpc-cni ${code(c.currentVersion)} → ${c.targetVersion ? `**${code(c.targetVersion)}**` : "**no build could be chosen**"}, Kubernetes ${code(c.kubernetesVersion)}${c.targetKubernetesVersion !== c.kubernetesVersion ? ` → ${code(c.targetKubernetesVersion)}` : ""}`, "");
  out.push("**Path**", "", ...(c.path.length ? c.path.map((s, i) => `${i + 1}. ${v(stepText(s))}`) : ["Nothing to change."]), "");
  if (c.findings.length) {
    out.push("**Findings**", "");
    for (const f of c.findings) out.push(`- **${f.severity}** ${v(f.title)}${f.version ? ` (${code(f.version)})` : ""}: ${v(f.detail)}${f.references[0] ? ` ${f.references.slice(0, 2).join(" ")}` : ""}`);
    out.push("");
  }
  if (c.companions.length) out.push("**Companions**", "", ...c.companions.map((x) => `- ${v(companionText(x))}`), "");
  if (c.commands.length) out.push("**Commands, in order**", "", fence(c.commands), "");
  return out.join("\n");
}

export function planMarkdown(p: FleetPlan): string {
  return [`## cni-auditor plan: ${v(headline(p))}`, "", v(counts(p)), "", ...p.clusters.map(clusterMarkdown)].join("\n");
}

function clusterText(c: ClusterPlan): string {
  const out = [`${c.name} (${c.account ?? "-"}/${c.region})${c.worstSeverity ? `  [${c.worstSeverity}]` : ""}`];
  if (c.skipped) return [...out, `  ${c.skipped}`, ""].join("\n");
  out.push(`  vpc-cni ${c.currentVersion ?? "—"} → ${c.targetVersion ?? "(no build could be chosen)"}, Kubernetes ${c.kubernetesVersion ?? "—"}${c.targetKubernetesVersion !== c.kubernetesVersion ? ` → ${c.targetKubernetesVersion}` : ""}`);
  out.push("  Path:", ...(c.path.length ? c.path.map((s, i) => `    ${i + 1}. ${stepText(s)}`) : ["    nothing to change"]));
  if (c.findings.length) {
    out.push("  Findings:");
    for (const f of c.findings) out.push(`    ${f.severity.padEnd(8)} ${f.title}${f.version ? ` (${f.version})` : ""}`, `             ${f.detail}`);
  }
  if (c.companions.length) out.push("  Companions:", ...c.companions.map((x) => `    ${companionText(x)}`));
  if (c.commands.length) out.push("  Commands, in order:", ...c.commands.flatMap((l) => l.split("\n").map((x) => `    ${x}`)));
  return [...out, ""].join("\n");
}

/** Terminal text; the caller makes each line inert (cli/terminal-text.ts). */
export function planText(p: FleetPlan): string {
  return [`cni-auditor plan: ${headline(p)}`, counts(p), "", ...p.clusters.map(clusterText)].join("\n");
}
