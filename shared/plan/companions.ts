// What the target needs beside vpc-cni itself: eks-pod-identity-agent (when aws-node uses Pod
// Identity), the network policy agent the add-on bundles, and the CRDs its features read.
import { MIN_POD_IDENTITY_AGENT, compareAddonVersions, knownIssuesFor } from "../catalog/index.ts";
import { awsNodeUsesPodIdentity } from "../fleet/check.ts";
import { findAddon, type ClusterSnapshot, type FleetSnapshot } from "../fleet/snapshot.ts";
import { isBelow } from "../fleet/versions.ts";
import { isOffered, offeredBuilds } from "./builds.ts";
import type { Companion, PlanFinding, PlanStep } from "./model.ts";

/** Network policy agent bundled with each VPC CNI release (chart values at each tag; domain-2026-12.md §0). */
const BUNDLED_NPA: ReadonlyArray<[string, string]> = [
  ["v1.14.0", "v1.0.1"], ["v1.15.5", "v1.0.7"], ["v1.16.4", "v1.0.8"], ["v1.17.1", "v1.1.0"], ["v1.18.1", "v1.1.1"],
  ["v1.19.3", "v1.2.0"], ["v1.19.4", "v1.2.1"], ["v1.20.0", "v1.2.3"], ["v1.20.2", "v1.2.6"], ["v1.20.4", "v1.2.7"],
  ["v1.21.0", "v1.3.0"], ["v1.21.1", "v1.3.1"], ["v1.21.2", "v1.3.5"], ["v1.22.3", "v1.3.7"], ["v1.22.4", "v1.4.0"], ["v1.23.0", "v1.4.1"],
];

export function bundledNetworkPolicyAgent(cni: string): string | null {
  let found: string | null = null;
  for (const [from, npa] of BUNDLED_NPA) if (!isBelow(cni, from)) found = npa;
  return found;
}

export const CRDS = {
  eniconfig: "eniconfigs.crd.k8s.amazonaws.com",
  cninode: "cninodes.vpcresources.k8s.aws",
  policyendpoint: "policyendpoints.networking.k8s.aws",
};

export interface CompanionPlan {
  companions: Companion[];
  findings: PlanFinding[];
  /** Companion updates that go before the vpc-cni steps. */
  steps: PlanStep[];
  /** CRDs to check exist before the first step. */
  crds: string[];
}

const AGENT = "eks-pod-identity-agent";

function agentPlan(snapshot: FleetSnapshot, c: ClusterSnapshot, kTo: string | null, out: CompanionPlan): void {
  if (!awsNodeUsesPodIdentity(c)) return;
  const agent = findAddon(c, AGENT);
  const offFrom = offeredBuilds(snapshot, c, AGENT, c.kubernetesVersion);
  const offTo = offeredBuilds(snapshot, c, AGENT, kTo);
  // Offered before and after a Kubernetes upgrade, at or above the minimum.
  const pick = offTo.versions.find((v) => (!offFrom.complete || isOffered(offFrom, v)) && !isBelow(v, MIN_POD_IDENTITY_AGENT)) ?? null;
  const to = pick ?? "<version>";
  const current = agent?.version ?? null;
  const ok = !!current && !isBelow(current, MIN_POD_IDENTITY_AGENT);
  out.companions.push({ name: AGENT, needs: `>= ${MIN_POD_IDENTITY_AGENT}`, current, ok, note: "aws-node gets its credentials from Pod Identity through the agent" });
  const refs = ["https://github.com/aws/amazon-vpc-cni-k8s/issues/2780", "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html"];
  if (!current) {
    out.findings.push({ id: "plan/pod-identity-agent-missing", kind: "companion", severity: "critical", title: `aws-node uses Pod Identity but ${AGENT} is not installed`, detail: "Without the agent aws-node gets no credentials: it crash-loops and new nodes stay NotReady. Install the agent first.", version: null, references: refs });
    out.steps.push({ kind: "companion", subject: AGENT, from: null, to, reason: "install the agent before vpc-cni changes" });
    return;
  }
  if (!ok) {
    const issues = knownIssuesFor(AGENT, current, []);
    for (const e of issues) out.findings.push({ id: e.id, kind: "companion", severity: e.id.includes("toleration") ? "high" : e.severity, title: `${AGENT} ${current}: ${e.title}`, detail: `${e.impact} ${e.fix}`, version: current, references: e.references });
    out.steps.push({ kind: "companion", subject: AGENT, from: current, to, reason: `below ${MIN_POD_IDENTITY_AGENT}, which aws-node's Pod Identity needs` });
    return;
  }
  if (kTo !== c.kubernetesVersion && offTo.complete && !isOffered(offTo, current)) {
    out.findings.push({ id: "plan/companion-not-offered-for-kubernetes", kind: "compatibility", severity: "high", title: `${AGENT} ${current} is not offered for Kubernetes ${kTo}`, detail: `Update it to ${to} with the other add-ons.`, version: current, references: refs });
    out.steps.push({ kind: "companion", subject: AGENT, from: current, to, reason: `a build offered for Kubernetes ${kTo}` });
  }
}

export function planCompanions(snapshot: FleetSnapshot, c: ClusterSnapshot, target: string, features: readonly string[], kTo: string | null): CompanionPlan {
  const out: CompanionPlan = { companions: [], findings: [], steps: [], crds: [] };
  agentPlan(snapshot, c, kTo, out);
  const current = findAddon(c, "vpc-cni")?.version ?? null;
  if (features.includes("network-policy")) {
    const npa = bundledNetworkPolicyAgent(target);
    out.companions.push({
      name: "network policy agent (aws-eks-nodeagent)",
      needs: compareAddonVersions(target, "v1.23.0") >= 0 ? ">= v1.4.1 (IPAMD's gRPC moved to a Unix socket)" : "the agent bundled with the add-on",
      current: current ? bundledNetworkPolicyAgent(current) : null,
      ok: true,
      note: `the managed add-on ships it${npa ? `: ${npa} with ${target}` : ""}; self-managed manifests and Helm values must match`,
    });
    out.crds.push(CRDS.policyendpoint);
    out.companions.push({ name: `CRD ${CRDS.policyendpoint}`, needs: "present", current: null, ok: null, note: "the network policy agent's PolicyEndpoint objects" });
  }
  if (features.includes("custom-networking")) {
    out.crds.push(CRDS.eniconfig);
    out.companions.push({ name: `CRD ${CRDS.eniconfig}`, needs: "present, with an ENIConfig for every zone (or label value) nodes use", current: null, ok: null, note: "custom networking: without a node's ENIConfig, v1.13+ fails node init" });
  }
  if ((features.includes("custom-networking") || features.includes("pod-eni")) && compareAddonVersions(target, "v1.15.0") >= 0) {
    out.crds.push(CRDS.cninode);
    out.companions.push({ name: `CRD ${CRDS.cninode}`, needs: "present (the VPC resource controller's CNINode)", current: null, ok: null, note: "v1.15+ records custom networking and security groups for pods in CNINode objects" });
  }
  return out;
}
