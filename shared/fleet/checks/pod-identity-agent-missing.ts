import { MIN_POD_IDENTITY_AGENT } from "../../catalog/index.ts";
import { awsNodeUsesPodIdentity, podIdentityRoles, type FleetCheck } from "../check.ts";
import { createAddonCmd, kubectl, md, paragraphs, sh, text, waitAddonCmd } from "../commands.ts";
import { findAddon } from "../snapshot.ts";
import { upgradeTarget } from "../versions.ts";

// aws-node gets credentials from the Pod Identity agent; without it aws-node crash-loops
// with exit 2 and no logs, and new nodes stay NotReady (vpc-cni #3840, terraform-aws-eks #3260).
export const check: FleetCheck = {
  id: "fleet/pod-identity-agent-missing",
  summary: "aws-node has a Pod Identity association but eks-pod-identity-agent is not installed",
  looksAt: "Pod Identity associations of kube-system/aws-node and the eks-pod-identity-agent add-on",
  severity: "critical",
  references: [
    "https://github.com/aws/amazon-vpc-cni-k8s/issues/3840",
    "https://github.com/terraform-aws-modules/terraform-aws-eks/issues/3260",
    "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html",
  ],
  evaluate(c) {
    if (!awsNodeUsesPodIdentity(c) || findAddon(c, "eks-pod-identity-agent") || c.autoMode) return [];
    const version = upgradeTarget(c, "eks-pod-identity-agent", [MIN_POD_IDENTITY_AGENT]);
    return [
      {
        title: `aws-node on ${c.name} uses Pod Identity but eks-pod-identity-agent is not installed`,
        facts: { podIdentityRoles: podIdentityRoles(c), associations: c.podIdentityAssociations.map((a) => a.associationId) },
        knownIssues: ["vpc-cni-pod-identity-needs-agent"],
        remediation: paragraphs(
          text("aws-node fetches its AWS credentials from the Pod Identity agent on each node. Without the agent it exits with code 2 and logs nothing, and nodes that start now stay NotReady."),
          md`Install the agent (${MIN_POD_IDENTITY_AGENT} or later), then check that aws-node is Ready on every node:`,
          sh(
            createAddonCmd(c, "eks-pod-identity-agent", version),
            waitAddonCmd(c, "eks-pod-identity-agent"),
            kubectl(c, "-n", "kube-system", "rollout", "status", "daemonset/aws-node"),
          ),
          text("If Pod Identity was not intended, give vpc-cni an IRSA role (`--service-account-role-arn`) and delete the association instead."),
        ),
      },
    ];
  },
};
