import type { FleetCheck } from "../check.ts";
import { checked } from "../../render/command-values.ts";
import { cmd, createAddonCmd, kubectl, paragraphs, regionWord, sh, text, to, updateAddonCmd, waitAddonCmd } from "../commands.ts";
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
    "https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAddon.html",
  ],
  evaluate(c) {
    if (networkingMode(c).kind !== "vpc-cni-self-managed") return [];
    const version = upgradeTarget(c, "vpc-cni");
    return [
      {
        title: `${c.name} runs a self-managed VPC CNI (no vpc-cni add-on)`,
        facts: { kubernetesVersion: c.kubernetesVersion, defaultVersion: version, autoMode: false },
        remediation: paragraphs(
          text("Adopt it as an add-on the way the EKS user guide does: save the current aws-node, create the add-on, then update it with your settings. (On create, PRESERVE does not keep fields that differ: creation may fail on conflicts.) Save what runs now, and put the environment you changed into vpc-cni-values.json:"),
          sh(
            kubectl(c, "-n", "kube-system", "get", "daemonset", "aws-node", "-o", "yaml", to, "aws-k8s-cni-old.yaml"),
            createAddonCmd(c, "vpc-cni", version),
            waitAddonCmd(c, "vpc-cni"),
          ),
          text("If creation fails on conflicts, run it again with `--resolve-conflicts OVERWRITE` (the add-on's defaults replace your settings until the next step). Then apply your saved settings:"),
          sh(updateAddonCmd(c, "vpc-cni", version ?? "<version>", ["--configuration-values", "file://vpc-cni-values.json"]), waitAddonCmd(c, "vpc-cni")),
          text("If this cluster runs another CNI, tag it (with the CNI's name) so the audit stops flagging it:"),
          sh(cmd("aws", "eks", "tag-resource", "--region", regionWord(c), "--resource-arn", c.arn ? checked("clusterArn", c.arn) : "<cluster-arn>", "--tags", `${CNI_TAG}=cilium`)),
        ),
      },
    ];
  },
};
