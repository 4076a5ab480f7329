import { knownIssuesFor, requirementsFor, type KnownIssue } from "../../catalog/index.ts";
import { clusterFeatures } from "../cluster-features.ts";
import type { Severity } from "../../types.ts";
import type { FleetCheck } from "../check.ts";
import { md, paragraphs, text } from "../commands.ts";
import { join, strong } from "../../render/remediation.ts";
import { upgradeText } from "../remediation.ts";
import { findAddon } from "../snapshot.ts";
import { compareOrNull, upgradeTarget } from "../versions.ts";
import { worseSeverity } from "../../core/severity.ts";

// The installed vpc-cni is in the version range of a catalog issue whose condition (custom
// networking, pod ENI, …) the add-on configuration turns on. Requirements with their own
// checks (Pod Identity floors) are reported there, not here.
export const check: FleetCheck = {
  id: "fleet/known-issue",
  summary: "The installed vpc-cni version hits a known issue of the catalog, given its configuration",
  looksAt:
    "the vpc-cni add-on version and configuration (DescribeAddon), the cluster's IP family (DescribeCluster kubernetesNetworkConfig.ipFamily), against the known-issue catalog",
  severity: "high",
  references: ["https://github.com/aws/amazon-vpc-cni-k8s/blob/master/CHANGELOG.md"],
  evaluate(c) {
    const cni = findAddon(c, "vpc-cni");
    if (!cni?.version) return [];
    // IP family from the cluster, subnet discovery on unless turned off, Pod Identity from the API.
    const parsed = clusterFeatures(c);
    const features = parsed.features;
    const issues = knownIssuesFor("vpc-cni", cni.version, features).filter((e) => e.kind === "issue");
    if (issues.length === 0) return [];
    const target = upgradeTarget(c, "vpc-cni", issues.map((i) => i.fixedIn));
    // Requirements the upgrade newly crosses into (the current version already meets older ones).
    const notes = requirementsFor("vpc-cni", target ?? cni.version, features).filter(
      (r) => r.id !== "vpc-cni-one-minor-at-a-time" && (compareOrNull(r.from, cni.version) ?? 0) > 0,
    );
    return [
      {
        severity: worst(issues),
        title: `vpc-cni ${cni.version} on ${c.name} hits ${issues.length === 1 ? "a known issue" : `${issues.length} known issues`}: ${issues.map((i) => i.title).join("; ")}`,
        facts: {
          addonVersion: cni.version,
          features,
          fixedIn: issues.map((i) => i.fixedIn ?? "no fix yet"),
          targetVersion: target,
        },
        knownIssues: issues.map((i) => i.id),
        remediation: paragraphs(
          ...issues.map((i) => md`${strong(`${i.title}.`)} ${text(i.impact)} ${text(i.fix)}`),
          upgradeText(c, "vpc-cni", cni.version, target),
          notes.length > 0 && md`Before updating, check: ${join(notes.map((n) => md`${text(n.title)} (${text(n.fix)})`), " ")}`,
          !!parsed.error && md`Note: the add-on configuration could not be read (${parsed.error}), so feature-specific issues may be missed.`,
        ),
        references: [...new Set(issues.flatMap((i) => i.references))],
      },
    ];
  },
};

function worst(entries: readonly KnownIssue[]): Severity {
  return entries.map((e) => e.severity).reduce<Severity>(worseSeverity, "info");
}
