import type { FleetCheck } from "../check.ts";
import { clusterWord, cmd, md, paragraphs, regionWord, sh, text } from "../commands.ts";

// EKS support of the cluster's Kubernetes version, from the API (DescribeClusterVersions status
// and dates, DescribeCluster upgradePolicy.supportType), never from a table: extended support is
// billed per cluster-hour, and a version past extended support is upgraded by EKS itself to the
// oldest version still supported. The upgrade target is the next minor, and only when the API
// lists it as supported (domain-2026-12.md §4).
const day = (iso: string | null): string | null => (iso ? iso.slice(0, 10) : null);

export const check: FleetCheck = {
  id: "fleet/kubernetes-support",
  summary: "The cluster's Kubernetes version is in extended support (billed) or no longer supported by EKS (auto-upgraded)",
  looksAt: "the Kubernetes version's support status and end dates (DescribeClusterVersions) and the cluster's upgradePolicy.supportType (DescribeCluster)",
  severity: "medium",
  references: [
    "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html",
    "https://docs.aws.amazon.com/eks/latest/userguide/view-upgrade-policy.html",
  ],
  evaluate(c) {
    const s = c.kubernetesSupport;
    const k8s = c.kubernetesVersion;
    if (!s || !k8s || (s.status !== "EXTENDED_SUPPORT" && s.status !== "UNSUPPORTED")) return [];
    const ended = s.status === "UNSUPPORTED";
    const upgrade = s.nextVersion
      ? [
          md`Upgrade one minor at a time; the next is ${s.nextVersion}, which EKS supports. Check add-ons and nodes first (Cluster Insights → Upgrade readiness, and the add-on builds offered for ${s.nextVersion}):`,
          sh(
            cmd("aws", "eks", "describe-addon-versions", "--region", regionWord(c), "--addon-name", "vpc-cni", "--kubernetes-version", s.nextVersion, "--query", "addons[].addonVersions[].addonVersion"),
            cmd("aws", "eks", "update-cluster-version", "--region", regionWord(c), "--name", clusterWord(c), "--kubernetes-version", s.nextVersion),
            cmd("aws", "eks", "wait", "cluster-active", "--region", regionWord(c), "--name", clusterWord(c)),
          ),
        ]
      : [md`EKS lists no supported next minor for ${k8s} in this region: list what it offers before planning the upgrade:`, sh(listVersions(c))];
    if (ended)
      return [
        {
          severity: "high",
          title: `${c.name} runs Kubernetes ${k8s}, which EKS no longer supports${s.endOfExtendedSupport ? ` (extended support ended ${day(s.endOfExtendedSupport)})` : ""}`,
          facts: { kubernetesVersion: k8s, status: s.status, endOfExtendedSupport: s.endOfExtendedSupport, supportType: c.supportType ?? null, autoUpgradeTo: s.oldestSupportedVersion },
          remediation: paragraphs(
            md`EKS upgrades clusters on ended versions to the oldest version it still supports${s.oldestSupportedVersion ? md` (${s.oldestSupportedVersion} today)` : ""}, on its own schedule: add-ons and nodes that are not ready for it break then.`,
            ...upgrade,
          ),
        },
      ];
    const policy = c.supportType ?? null;
    return [
      {
        title: `${c.name} runs Kubernetes ${k8s} in extended support${s.endOfExtendedSupport ? ` until ${day(s.endOfExtendedSupport)}` : ""}: billed, then auto-upgraded`,
        facts: { kubernetesVersion: k8s, status: s.status, endOfStandardSupport: s.endOfStandardSupport, endOfExtendedSupport: s.endOfExtendedSupport, supportType: policy },
        remediation: paragraphs(
          text("Extended support is billed per cluster-hour on top of the standard price; when it ends, EKS upgrades the cluster itself."),
          policy === "STANDARD"
            ? text("The cluster's upgrade policy is STANDARD, so EKS upgrades it as soon as it can: plan the upgrade rather than wait for it.")
            : null,
          ...upgrade,
        ),
      },
    ];
  },
};

function listVersions(c: Parameters<FleetCheck["evaluate"]>[0]) {
  return cmd("aws", "eks", "describe-cluster-versions", "--region", regionWord(c), "--query", "clusterVersions[].[clusterVersion,versionStatus,endOfExtendedSupportDate]");
}
