import { MIN_POD_IDENTITY_CNI } from "../../catalog/index.ts";
import { awsNodeUsesPodIdentity, podIdentityRoles, type FleetCheck } from "../check.ts";
import { paragraphs, text } from "../commands.ts";
import { upgradeText } from "../remediation.ts";
import { findAddon } from "../snapshot.ts";
import { isBelow, upgradeTarget } from "../versions.ts";

// EKS supports Pod Identity for the vpc-cni add-on from v1.15.5-eksbuild.1 (EKS UG add-ons-iam).
export const check: FleetCheck = {
  id: "fleet/pod-identity-cni-too-old",
  summary: "aws-node has a Pod Identity association but vpc-cni is older than v1.15.5-eksbuild.1",
  looksAt: "the vpc-cni add-on version when aws-node has a Pod Identity association",
  severity: "high",
  references: ["https://docs.aws.amazon.com/eks/latest/userguide/add-ons-iam.html"],
  evaluate(c) {
    const cni = findAddon(c, "vpc-cni");
    if (!cni?.version || !awsNodeUsesPodIdentity(c) || !isBelow(cni.version, MIN_POD_IDENTITY_CNI)) return [];
    const target = upgradeTarget(c, "vpc-cni", [MIN_POD_IDENTITY_CNI]);
    return [
      {
        title: `vpc-cni ${cni.version} on ${c.name} has a Pod Identity association but needs ${MIN_POD_IDENTITY_CNI} or later for it`,
        facts: { addonVersion: cni.version, minimumVersion: MIN_POD_IDENTITY_CNI, podIdentityRoles: podIdentityRoles(c), targetVersion: target },
        knownIssues: ["vpc-cni-pod-identity-minimum-version"],
        remediation: paragraphs(
          text("Older aws-node builds do not read Pod Identity credentials: their EC2 calls use the node role (or fail if it lacks AmazonEKS_CNI_Policy)."),
          upgradeText(c, "vpc-cni", cni.version, target),
        ),
      },
    ];
  },
};
