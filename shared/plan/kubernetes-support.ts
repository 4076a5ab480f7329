// EKS's support calendar for the Kubernetes versions a plan moves a cluster to, from the
// snapshot's DescribeClusterVersions data (kubernetesSupport: the cluster's version, the next
// minor EKS supports, the oldest it supports) and DescribeCluster upgradePolicy.supportType.
// Never from a table: a version the snapshot cannot place is said to be unchecked.
import type { ClusterSnapshot } from "../fleet/snapshot.ts";
import type { PlanFinding } from "./model.ts";

const VERSIONS_DOC = "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html";
const POLICY_DOC = "https://docs.aws.amazon.com/eks/latest/userguide/view-upgrade-policy.html";

/** What the snapshot says about one Kubernetes version in the cluster's region. */
export type VersionSupport =
  | { state: "standard" | "extended" | "supported"; endOfStandardSupport: string | null; endOfExtendedSupport: string | null }
  | { state: "ended" }
  | { state: "not-offered"; newest: string }
  | { state: "unknown" }; // the snapshot cannot place it (no data, or beyond the next minor)

const minorOf = (v: string | null | undefined): number | null => {
  const m = v ? /^1\.(\d+)$/.exec(v) : null;
  return m ? Number(m[1]) : null;
};
const day = (iso: string | null): string | null => (iso ? iso.slice(0, 10) : null);

/** True when the snapshot has the support calendar for this cluster (newer snapshots). */
export function hasSupportData(c: ClusterSnapshot): boolean {
  return !!c.kubernetesSupport && c.kubernetesSupport.status !== null;
}

export function versionSupport(c: ClusterSnapshot, k: string): VersionSupport {
  const s = c.kubernetesSupport;
  const cur = minorOf(c.kubernetesVersion);
  const m = minorOf(k);
  if (!s || s.status === null || cur === null || m === null) return { state: "unknown" };
  const oldest = minorOf(s.oldestSupportedVersion);
  if (m === cur) {
    const dates = { endOfStandardSupport: s.endOfStandardSupport, endOfExtendedSupport: s.endOfExtendedSupport };
    if (s.status === "STANDARD_SUPPORT") return { state: "standard", ...dates };
    if (s.status === "EXTENDED_SUPPORT") return { state: "extended", ...dates };
    return { state: "ended" };
  }
  if (oldest !== null && m < oldest) return { state: "ended" };
  if (m === cur + 1) {
    if (s.nextVersion === k) {
      // A newer minor is at least as supported as the cluster's own; otherwise its tier is not recorded.
      const state = s.status === "STANDARD_SUPPORT" ? "standard" : "supported";
      return { state, endOfStandardSupport: null, endOfExtendedSupport: null };
    }
    // EKS lists every version it ever had: no supported next minor means the cluster is on the newest.
    return s.nextVersion === null ? { state: "not-offered", newest: c.kubernetesVersion ?? "" } : { state: "unknown" };
  }
  if (m > cur + 1 && s.nextVersion === null) return { state: "not-offered", newest: c.kubernetesVersion ?? "" };
  return { state: "unknown" };
}

function finding(id: string, kind: PlanFinding["kind"], severity: PlanFinding["severity"], title: string, detail: string, version: string): PlanFinding {
  return { id, kind, severity, title, detail, version, references: [VERSIONS_DOC, POLICY_DOC] };
}

export interface SupportCheck {
  findings: PlanFinding[];
  /** false: the target (or a step to it) is one EKS does not offer or no longer supports: plan no Kubernetes step. */
  plannable: boolean;
}

/** The Kubernetes target and every minor the path passes through, against the calendar. */
export function checkKubernetesSupport(c: ClusterSnapshot, target: string, steps: readonly string[]): SupportCheck {
  const region = c.region;
  if (!hasSupportData(c)) {
    const detail = "The snapshot has no EKS support data for this cluster (an older snapshot): whether EKS offers it in the region, and until when in standard support, was not checked. Take a new snapshot with cni-auditor fleet --save-snapshot (the auditor needs eks:DescribeClusterVersions).";
    return { plannable: true, findings: [finding("plan/kubernetes-support-not-checked", "unchecked", "info", `EKS support of Kubernetes ${target} was not checked`, detail, target)] };
  }
  const findings: PlanFinding[] = [];
  for (const k of steps) {
    const v = versionSupport(c, k);
    const which = k === target ? "the target" : `a step to ${target}`;
    if (v.state === "not-offered") {
      const detail = `EKS lists no supported Kubernetes version after ${v.newest} in ${region} (DescribeClusterVersions): ${k} cannot be planned until EKS releases it there. No Kubernetes step is planned.`;
      findings.push(finding("plan/kubernetes-not-offered", "compatibility", "high", `EKS does not offer Kubernetes ${k} in ${region} (${which})`, detail, k));
      return { findings, plannable: false };
    }
    if (v.state === "ended") {
      const oldest = c.kubernetesSupport?.oldestSupportedVersion;
      const detail = `Kubernetes ${k} is past the end of extended support: EKS does not create or keep clusters on it and upgrades them itself${oldest ? ` to ${oldest}, the oldest version it supports` : ""}. No Kubernetes step is planned.`;
      findings.push(finding("plan/kubernetes-support-ended", "compatibility", "high", `EKS no longer supports Kubernetes ${k} (${which})`, detail, k));
      return { findings, plannable: false };
    }
  }
  const t = versionSupport(c, target);
  if (t.state === "extended") {
    const until = day(t.endOfExtendedSupport);
    const policy =
      c.supportType === "STANDARD"
        ? " The cluster's upgrade policy is STANDARD: EKS upgrades it past the end of standard support rather than keep it there."
        : c.supportType === "EXTENDED"
          ? ""
          : " The snapshot does not show the cluster's upgrade policy (supportType).";
    const detail = `Kubernetes ${target} is past the end of standard support${t.endOfStandardSupport ? ` (${day(t.endOfStandardSupport)})` : ""}: extended support is billed per cluster-hour on top of the standard price${until ? `, and ends ${until}, when EKS upgrades the cluster itself` : ""}.${policy} Plan to a version in standard support.`;
    findings.push(finding("plan/kubernetes-extended-support", "compatibility", "medium", `Kubernetes ${target} is in extended support: billed${until ? ` until ${until}` : ""}`, detail, target));
  } else if (t.state === "unknown" || t.state === "supported") {
    const known = c.kubernetesSupport?.nextVersion;
    const detail = `The snapshot records EKS support for the cluster's version (${c.kubernetesVersion}) and the next minor${known ? ` (${known})` : ""} only: check ${target} with aws eks describe-cluster-versions --region ${region} before the upgrade.`;
    findings.push(finding("plan/kubernetes-support-not-checked", "unchecked", "info", `Whether Kubernetes ${target} is in standard support was not checked`, detail, target));
  }
  return { findings, plannable: true };
}
