import { MIN_POD_IDENTITY_AGENT } from "../../catalog/index.ts";
import { awsNodeUsesPodIdentity, type FleetCheck } from "../check.ts";
import { paragraphs, text } from "../commands.ts";
import { upgradeText } from "../remediation.ts";
import { findAddon } from "../snapshot.ts";
import { isBelow, upgradeTarget } from "../versions.ts";

// Agents before v1.2.0-eksbuild.1 lack the toleration to run on not-ready nodes, so on a new
// node aws-node (waiting for Pod Identity credentials) and the agent wait for each other.
export const check: FleetCheck = {
  id: "fleet/pod-identity-agent-outdated",
  summary: "aws-node uses Pod Identity and eks-pod-identity-agent is older than v1.2.0-eksbuild.1",
  looksAt: "the eks-pod-identity-agent add-on version when aws-node uses Pod Identity",
  severity: "high",
  references: ["https://github.com/aws/amazon-vpc-cni-k8s/issues/2780", "https://github.com/aws/containers-roadmap/issues/2261"],
  evaluate(c) {
    const agent = findAddon(c, "eks-pod-identity-agent");
    if (!awsNodeUsesPodIdentity(c) || !agent?.version || !isBelow(agent.version, MIN_POD_IDENTITY_AGENT)) return [];
    const target = upgradeTarget(c, "eks-pod-identity-agent", [MIN_POD_IDENTITY_AGENT]);
    return [
      {
        title: `eks-pod-identity-agent ${agent.version} on ${c.name} is below ${MIN_POD_IDENTITY_AGENT}, which aws-node's Pod Identity needs`,
        facts: { agentVersion: agent.version, minimumVersion: MIN_POD_IDENTITY_AGENT, targetVersion: target },
        knownIssues: ["pod-identity-agent-below-v1.2.0-toleration"],
        remediation: paragraphs(
          text("Before v1.2.0-eksbuild.1 the agent does not tolerate not-ready nodes: on a new node it never starts, aws-node gets no credentials, and the node stays NotReady."),
          upgradeText(c, "eks-pod-identity-agent", agent.version, target),
        ),
      },
    ];
  },
};
