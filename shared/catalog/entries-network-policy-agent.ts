import type { KnownIssue } from "./known-issues.ts";

// aws-network-policy-agent issues. The agent ships inside the vpc-cni add-on (container
// aws-eks-nodeagent), so ranges are vpc-cni versions; the agent version each one bundles is
// in the title (domain-2026-12.md §0, chart values.yaml per tag).
const NPA = "https://github.com/aws/aws-network-policy-agent";
const GH = "https://github.com/aws/amazon-vpc-cni-k8s";
const REVIEWED = "2026-12-03";

export const NETWORK_POLICY_AGENT_ENTRIES: readonly KnownIssue[] = [
  {
    id: "network-policy-agent-disable-with-policies",
    addon: "vpc-cni",
    kind: "requirement",
    from: "v1.14.0",
    toExclusive: null,
    when: ["network-policy"],
    severity: "high",
    title: "Turning network policy off while NetworkPolicies exist crash-loops the network policy agent",
    impact: "Switching enableNetworkPolicy from true to false with NetworkPolicy objects still present makes aws-eks-nodeagent panic (nil pointer) and crash-loop.",
    fix: "Delete the NetworkPolicies first (`kubectl get networkpolicies -A`), then set enableNetworkPolicy to false.",
    fixedIn: null,
    reviewed: REVIEWED,
    references: [`${NPA}/issues/190`, `${NPA}/issues/258`],
  },
  {
    id: "network-policy-agent-v1.0.4-egress-only",
    addon: "vpc-cni",
    kind: "issue",
    from: "v1.15.1",
    toExclusive: "v1.15.3",
    when: ["network-policy"],
    severity: "medium",
    title: "vpc-cni v1.15.1–v1.15.2 (network policy agent v1.0.4): intermittent connectivity with egress-only policies",
    impact: "Pods selected by policies that only have egress rules lose connections intermittently.",
    fix: "Move to vpc-cni v1.15.3 or later (agent v1.0.5, PR #106).",
    fixedIn: "v1.15.3",
    reviewed: REVIEWED,
    references: [`${NPA}/issues/77`, `${NPA}/pull/106`],
  },
  {
    id: "network-policy-agent-v1.0.6-conntrack-cleanup",
    addon: "vpc-cni",
    kind: "issue",
    from: "v1.15.4",
    toExclusive: "v1.15.5",
    when: ["network-policy"],
    severity: "medium",
    title: "vpc-cni v1.15.4 (network policy agent v1.0.6): wrong conntrack cleanup causes random read timeouts",
    impact: "The agent removes live conntrack entries, so established connections of policy-selected pods time out at random.",
    fix: "Move to vpc-cni v1.15.5 or later (agent v1.0.7).",
    fixedIn: "v1.15.5",
    reviewed: REVIEWED,
    references: [`${NPA}/issues/204`],
  },
  {
    id: "network-policy-agent-probes-blocked",
    addon: "vpc-cni",
    kind: "issue",
    from: "v1.14.0",
    toExclusive: "v1.15.1",
    when: ["network-policy"],
    severity: "medium",
    title: "vpc-cni v1.14.0–v1.15.0: network policies block kubelet probes",
    impact: "Liveness and readiness probes of pods selected by a NetworkPolicy are dropped, so the pods restart or never become Ready.",
    fix: "Move to vpc-cni v1.15.1 or later.",
    fixedIn: "v1.15.1",
    reviewed: REVIEWED,
    references: [`${GH}/issues/2571`],
  },
];
