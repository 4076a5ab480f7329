import type { FleetCheck } from "../check.ts";
import { checked } from "../../render/command-values.ts";
import { cmd, createAddonCmd, kubectl, paragraphs, regionWord, sh, text, waitAddonCmd } from "../commands.ts";
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
        remediation: paragraphs(
          text("Check what runs as aws-node, then adopt it as an add-on. Keep your settings: copy the aws-node environment you changed into the add-on configuration first (PRESERVE keeps fields that differ, OVERWRITE replaces them):"),
          sh(
            kubectl(c, "-n", "kube-system", "get", "daemonset", "aws-node", "-o", ["jsonpath=", '{.spec.template.spec.containers[0].image}{"\\n"}']),
            createAddonCmd(c, "vpc-cni", version, ["--resolve-conflicts", "PRESERVE", "--configuration-values", "file://vpc-cni-values.json"]),
            waitAddonCmd(c, "vpc-cni"),
          ),
          text("If this cluster runs another CNI, tag it (with the CNI's name) so the audit stops flagging it:"),
          sh(cmd("aws", "eks", "tag-resource", "--region", regionWord(c), "--resource-arn", c.arn ? checked("clusterArn", c.arn) : "<cluster-arn>", "--tags", `${CNI_TAG}=cilium`)),
        ),
      },
    ];
  },
};
