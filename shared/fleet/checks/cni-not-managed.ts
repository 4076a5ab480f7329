import type { FleetCheck } from "../check.ts";
import { createAddonCmd, kubectl, sh, shq, waitAddonCmd } from "../commands.ts";
import { CNI_TAG, networkingMode } from "../networking.ts";
import { upgradeTarget } from "../versions.ts";

// A cluster without the vpc-cni add-on, not in Auto Mode and with no other CNI in sight,
// runs a self-managed aws-node: EKS does not patch it, version drift is invisible to
// `describe-addon`, and the add-on checks above cannot see its configuration.
export const check: FleetCheck = {
  id: "fleet/cni-not-managed",
  summary: "The VPC CNI is not managed as an EKS add-on (and the cluster is neither Auto Mode nor declared to run another CNI)",
  looksAt: "ListAddons (no vpc-cni), Auto Mode (DescribeCluster computeConfig), the cni-auditor/cni tag and other CNI add-ons",
  severity: "medium",
  references: [
    "https://docs.aws.amazon.com/eks/latest/userguide/managing-vpc-cni.html",
    "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-field-management.html",
  ],
  evaluate(c) {
    if (networkingMode(c).kind !== "vpc-cni-self-managed") return [];
    const version = upgradeTarget(c, "vpc-cni");
    return [
      {
        title: `${c.name} runs a self-managed VPC CNI (no vpc-cni add-on)`,
        facts: { kubernetesVersion: c.kubernetesVersion, defaultVersion: version, autoMode: false },
        remediation: [
          "Check what runs as aws-node, then adopt it as an add-on. Keep your settings: copy the aws-node environment you changed into the add-on configuration first (PRESERVE keeps fields that differ, OVERWRITE replaces them):",
          sh(
            kubectl(c, "-n kube-system get daemonset aws-node -o jsonpath='{.spec.template.spec.containers[0].image}{\"\\n\"}'"),
            createAddonCmd(c, "vpc-cni", version, " --resolve-conflicts PRESERVE --configuration-values file://vpc-cni-values.json"),
            waitAddonCmd(c, "vpc-cni"),
          ),
          // The ARN comes from the API: in a fenced block (like every command) it cannot end a code span.
          `If this cluster runs another CNI, tag it (with the CNI's name) so the audit stops flagging it:\n\n${sh(`aws eks tag-resource --region ${shq(c.region)} --resource-arn ${shq(c.arn ?? "<cluster-arn>")} --tags ${CNI_TAG}=cilium`)}`,
        ].join("\n\n"),
      },
    ];
  },
};
