import type { KnownIssue } from "./known-issues.ts";

// eks-pod-identity-agent entries (domain-2026-12.md §1 #16 and §2 P1–P4).
const AGENT = "https://github.com/aws/eks-pod-identity-agent";
const REVIEWED = "2026-12-03";

/** The agent's IPv4 listener, for nodes without IPv6 (EKS UG, service-accounts). */
export const POD_IDENTITY_AGENT_IPV4_CONFIG = '{"agent":{"additionalArgs":{"-b":"169.254.170.23"}}}';

export const POD_IDENTITY_AGENT_ENTRIES: readonly KnownIssue[] = [
  {
    id: "pod-identity-agent-below-v1.2.0-toleration",
    addon: "eks-pod-identity-agent",
    kind: "issue",
    from: "v0.0.0",
    toExclusive: "v1.2.0-eksbuild.1",
    when: [],
    severity: "medium",
    title: "eks-pod-identity-agent below v1.2.0-eksbuild.1 lacks the toleration to run on not-ready nodes",
    impact:
      "On new nodes the agent may not start before aws-node needs credentials, so a vpc-cni using Pod Identity keeps the node NotReady.",
    fix: "Update eks-pod-identity-agent to v1.2.0-eksbuild.1 or later.",
    fixedIn: "v1.2.0-eksbuild.1",
    reviewed: REVIEWED,
    references: [
      "https://github.com/aws/amazon-vpc-cni-k8s/issues/2780",
      "https://github.com/aws/containers-roadmap/issues/2261",
    ],
  },
  {
    id: "pod-identity-agent-ipv6-bind",
    addon: "eks-pod-identity-agent",
    kind: "requirement",
    from: "v0.0.0",
    toExclusive: null,
    when: [],
    condition: "nodes without IPv6 (outside Auto Mode: the 2025-08-15 IPv4-only listener fix is for Auto Mode only)",
    severity: "high",
    title: "eks-pod-identity-agent crash-loops on nodes without IPv6 unless it listens on IPv4 only",
    impact: "The agent fails with \"listen tcp [fd00:ec2::23]:80: bind: cannot assign requested address\"; pods using Pod Identity (aws-node included) get no credentials.",
    fix: `Make the agent listen on IPv4 only: \`aws eks update-addon --cluster-name <cluster> --addon-name eks-pod-identity-agent --configuration-values '${POD_IDENTITY_AGENT_IPV4_CONFIG}'\`.`,
    fixedIn: null,
    reviewed: REVIEWED,
    references: [`${AGENT}/issues/16`, "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html"],
  },
  {
    id: "pod-identity-agent-node-role-and-endpoint",
    addon: "eks-pod-identity-agent",
    kind: "requirement",
    from: "v0.0.0",
    toExclusive: null,
    when: [],
    severity: "high",
    title: "eks-pod-identity-agent needs eks-auth:AssumeRoleForPodIdentity on the node role and, in private subnets, the eks-auth endpoint",
    impact: "Without the permission or a route to eks-auth the agent cannot exchange tokens: every Pod Identity pod on the node is left without credentials.",
    fix: "Allow `eks-auth:AssumeRoleForPodIdentity` on the node role (AmazonEKSWorkerNodePolicy has it); in subnets without internet access create an interface VPC endpoint for `com.amazonaws.<region>.eks-auth`.",
    fixedIn: null,
    reviewed: REVIEWED,
    references: ["https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html"],
  },
  {
    id: "pod-identity-agent-pod-labels-ignored",
    addon: "eks-pod-identity-agent",
    kind: "issue",
    from: "v0.0.0",
    toExclusive: "v1.3.10-eksbuild.1",
    when: [],
    condition: "the add-on configuration sets podLabels",
    severity: "low",
    title: "eks-pod-identity-agent below v1.3.10-eksbuild.1 ignores podLabels although the add-on schema offers it",
    impact: "Labels set through the add-on configuration never reach the agent pods (selectors and policies that rely on them miss).",
    fix: "Update eks-pod-identity-agent to v1.3.10-eksbuild.1 or later.",
    fixedIn: "v1.3.10-eksbuild.1",
    reviewed: REVIEWED,
    references: ["https://github.com/aws/containers-roadmap/issues/2684"],
  },
  {
    id: "pod-identity-agent-v1.3.10-eksbuild.2-degraded",
    addon: "eks-pod-identity-agent",
    kind: "issue",
    from: "v1.3.10-eksbuild.2",
    toExclusive: "v1.3.10-eksbuild.3",
    when: [],
    condition: "EKS 1.34 on platform eks.23 (reported June 2026, open)",
    severity: "medium",
    title: "eks-pod-identity-agent v1.3.10-eksbuild.2: credential injection flaps and the add-on shows DEGRADED InsufficientNumberOfReplicas",
    impact: "Pods intermittently get no Pod Identity credentials; the add-on reports DEGRADED with InsufficientNumberOfReplicas.",
    fix: "No fixed build is known: watch the issue and `aws eks describe-addon-versions --addon-name eks-pod-identity-agent` for a newer build.",
    fixedIn: null,
    reviewed: REVIEWED,
    references: [`${AGENT}/issues/153`],
  },
];
