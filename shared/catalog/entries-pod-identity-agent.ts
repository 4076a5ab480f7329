import type { KnownIssue } from "./known-issues.ts";

// eks-pod-identity-agent entries.
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
    references: [
      "https://github.com/aws/amazon-vpc-cni-k8s/issues/2780",
      "https://github.com/aws/containers-roadmap/issues/2261",
    ],
  },
];
