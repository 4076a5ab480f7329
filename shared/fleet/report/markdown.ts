// report.md: the fleet report as Markdown (for a PR, a wiki page, a terminal). Values from
// the EKS API are escaped so a cluster name or message cannot add Markdown or raw HTML.
import { SEVERITIES } from "../../core/severity.ts";
import type { Alert } from "../../types.ts";
import { mdText } from "../md.ts";
import type { ClusterRow, FleetReport } from "./model.ts";

export { mdText };


export function utc(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function row(cells: string[]): string {
  return `| ${cells.join(" | ")} |`;
}

function table(head: string[], rows: string[][]): string[] {
  return [row(head), row(head.map(() => "---")), ...rows.map(row)];
}

/** The IAM simulation of the CNI role against what the running version needs (as the HTML's column). */
function permissionCell(r: ClusterRow): string {
  const p = r.cniPermissions;
  if (!p || p.state === "unknown") return "—";
  if (p.state === "ok") return "allowed";
  if (p.state === "unchecked") return "not checked";
  const blocking = p.blocking.length ? ` (blocking: ${p.blocking.map(mdText).join(", ")})` : "";
  return `**lacks ${p.missing.length}**: ${p.missing.map(mdText).join(", ")}${blocking}`;
}

function where(f: Alert): string {
  return `${mdText(f.cluster)} (${mdText(f.region)}${f.account ? `, ${mdText(f.account)}` : ""})`;
}

export function renderMarkdown(report: FleetReport): string {
  const s = report.summary;
  const out: string[] = ["# VPC CNI fleet report", ""];
  out.push(
    `Generated ${utc(report.generatedAt)} · ${plural(s.clusters, "cluster")} in ${plural(s.regions, "region")}, ${plural(s.accounts, "account")}` +
      (s.failedClusters + s.failedTargets > 0 ? ` · **${plural(s.failedClusters + s.failedTargets, "read failure")}** (see below)` : ""),
    "",
    `**${plural(s.findings, "finding")}** on ${plural(s.clustersWithFindings, "cluster")}: ` +
      SEVERITIES.map((sev) => `${s.bySeverity[sev]} ${sev}`).join(" · "),
    "",
  );

  if (report.changes) {
    const c = report.changes;
    out.push(`## What changed since ${utc(c.previousGeneratedAt)}`, "");
    out.push(`${plural(c.new.length, "new finding")}, ${c.resolved.length} resolved, ${c.unchanged} unchanged.`, "");
    for (const f of c.new) out.push(`- **new** ${f.severity}: ${mdText(f.title)} — ${where(f)}`);
    for (const f of c.resolved) out.push(`- **resolved** ${f.severity}: ${mdText(f.title)} — ${where(f)}`);
    for (const f of c.unverified) out.push(`- **not re-checked** (cluster unreadable): ${mdText(f.title)} — ${where(f)}`);
    out.push("");
  }

  if (report.silences && report.silences.length > 0) {
    out.push("## Active silences", "");
    for (const x of report.silences) {
      const match = Object.entries(x.match).map(([k, v]) => `${k} \`${mdText(v)}\``).join(", ");
      const h = x.heldBack;
      out.push(
        `- **${mdText(x.id)}** until ${utc(x.until)}: ${match} — ${mdText(x.reason)} (by ${mdText(x.createdBy)}); held back ${h.events} events in ${h.keys} keys` +
          (h.worstSeverity ? `, worst ${h.worstSeverity}` : "") +
          `, and ${h.fleetFindings} findings of this report`,
      );
    }
    out.push("");
  }

  out.push("## Findings", "");
  if (report.findings.length === 0) out.push("No findings.", "");
  else {
    out.push(
      ...table(
        ["Severity", "Cluster", "Region", "Check", "Finding"],
        report.findings.map((f) => [f.severity, mdText(f.cluster), mdText(f.region), `\`${f.rule}\``, mdText(f.title)]),
      ),
      "",
    );
  }

  out.push("## Clusters", "");
  out.push(
    ...table(
      ["Cluster", "Account", "Region", "Kubernetes", "Networking", "vpc-cni", "Default", "CNI credentials", "CNI permissions", "Audit log", "Findings"],
      report.clusters.map((r) => [
        mdText(r.name),
        mdText(r.account),
        mdText(r.region),
        mdText(r.kubernetesVersion),
        mdText(r.networkingLabel),
        mdText(r.vpcCniVersion) + (r.vpcCniStatus && r.vpcCniStatus !== "ACTIVE" ? ` (${mdText(r.vpcCniStatus)})` : ""),
        mdText(r.defaultVersion),
        mdText(r.cniIdentity),
        permissionCell(r),
        r.auditLogging ? "on" : "**off**",
        r.findings === 0 ? "0" : `${r.findings} (worst: ${r.worstSeverity})`,
      ]),
    ),
    "",
  );

  out.push("## vpc-cni versions across the fleet", "");
  out.push(...table(["Version", "Clusters", "State"], s.vpcCniVersions.map((v) => [mdText(v.version), String(v.clusters), v.health])), "");

  if (report.failures.length > 0) {
    out.push("## Could not read", "");
    out.push(
      ...table(
        ["Account", "Region", "Cluster", "Operation", "Error"],
        report.failures.map((f) => [mdText(f.account), mdText(f.region), f.cluster ? mdText(f.cluster) : "(all clusters)", mdText(f.operation), mdText(f.error)]),
      ),
      "",
    );
  }
  const partial = report.clusters.filter((r) => r.partialErrors.length > 0);
  if (partial.length > 0) {
    out.push("Read only in part: " + partial.map((r) => `${mdText(r.name)} (${r.partialErrors.map(mdText).join("; ")})`).join(", "), "");
  }

  if (report.findings.length > 0) {
    out.push("## What to do", "");
    for (const f of report.findings) {
      out.push(`### ${f.severity.toUpperCase()} · ${mdText(f.cluster)} · \`${f.rule}\``, "", `**${mdText(f.title)}**`, "");
      if (f.knownIssues.length > 0) out.push(`Known issues: ${f.knownIssues.map((k) => `\`${k}\``).join(", ")}`, "");
      out.push(f.remediation, "");
      if (f.references.length > 0) out.push(`References: ${f.references.map((r) => `<${r}>`).join(" ")}`, "");
    }
  }
  return out.join("\n").replace(/\n{3,}/g, "\n\n");
}
