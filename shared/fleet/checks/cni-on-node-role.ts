import { MIN_POD_IDENTITY_CNI } from "../../catalog/index.ts";
import { awsNodeUsesPodIdentity, readFailed, type FleetCheck } from "../check.ts";
import { partitionOf } from "../../core/region.ts";
import { checked } from "../../render/command-values.ts";
import { clusterFeatures } from "../cluster-features.ts";
import { cmd, kubectl, md, paragraphs, sh, text, updateAddonCmd } from "../commands.ts";
import { findAddon } from "../snapshot.ts";
import { isBelow } from "../versions.ts";

// With neither IRSA nor Pod Identity, aws-node uses the node's instance role: every pod on
// the node can make the CNI's EC2 calls, and moving to IRSA later is when
// `Client.UnauthorizedOperation` from the instance role shows up (vpc-cni #1454). The EKS API
// cannot see an `eks.amazonaws.com/role-arn` annotation set by hand (eksctl iamserviceaccount,
// Terraform), so the finding says "no role found through the EKS API" and how to check.
export const check: FleetCheck = {
  id: "fleet/cni-on-node-role",
  summary: "No IRSA role or Pod Identity association for vpc-cni found through the EKS API: aws-node may run on the node role",
  looksAt: "the vpc-cni add-on's serviceAccountRoleArn and Pod Identity associations (DescribeAddon, ListPodIdentityAssociations)",
  severity: "medium",
  references: [
    "https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html",
    "https://github.com/aws/amazon-vpc-cni-k8s/issues/1454",
  ],
  evaluate(c) {
    const cni = findAddon(c, "vpc-cni");
    if (!cni || cni.serviceAccountRoleArn || awsNodeUsesPodIdentity(c)) return [];
    // Without the association list we cannot tell Pod Identity is absent.
    if (readFailed(c, "ListPodIdentityAssociations")) return [];
    const partition = partitionOf(c.region);
    const role = `${c.name}-vpc-cni`.slice(0, 64);
    const account = c.account === null ? "<account-id>" : checked("account", c.account);
    const trust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}`;
    const roleWord = checked("roleName", role);
    const roleArn = [`arn:${partition}:iam::`, typeof account === "string" && account.startsWith("<") ? { placeholder: account, rejected: null } : account, ":role/", roleWord];
    const oldCni = isBelow(cni.version, MIN_POD_IDENTITY_CNI);
    const ipv6 = clusterFeatures(c).features.includes("ipv6");
    return [
      {
        title: `vpc-cni on ${c.name}: no IRSA role or Pod Identity association found through the EKS API`,
        facts: { addonVersion: cni.version, nodeRoles: c.nodeRoleArns },
        remediation: paragraphs(
          text("The EKS API shows no service account role on the add-on and no Pod Identity association for aws-node. It cannot see an `eks.amazonaws.com/role-arn` annotation set by hand (eksctl iamserviceaccount, Terraform): check it first; if this prints a role ARN, aws-node has IRSA and nothing needs doing:"),
          sh(kubectl(c, "-n", "kube-system", "get", "serviceaccount", "aws-node", "-o", ["jsonpath=", "{.metadata.annotations.eks\\.amazonaws\\.com/role-arn}"])),
          text("Otherwise aws-node calls EC2 with the instance role, so the CNI policy must stay on every node role, where any pod on the node can use it. Give the CNI its own role:"),
          sh(
            cmd("aws", "iam", "create-role", "--role-name", roleWord, "--assume-role-policy-document", trust),
            cmd("aws", "iam", "attach-role-policy", "--role-name", roleWord, "--policy-arn", `arn:${partition}:iam::aws:policy/AmazonEKS_CNI_Policy`),
            updateAddonCmd(c, "vpc-cni", cni.version ?? "<version>", ["--pod-identity-associations", ["serviceAccount=aws-node,roleArn=", ...roleArn]]),
          ),
          md`Pod Identity needs eks-pod-identity-agent installed first and vpc-cni ${MIN_POD_IDENTITY_CNI} or later${oldCni ? md` (this cluster runs ${cni.version ?? ""}: upgrade first, or use IRSA with \`--service-account-role-arn\`)` : ""}.`,
          ipv6
            ? text("IPv6 cluster: AmazonEKS_CNI_Policy has no IPv6 action; attach your IPv6 CNI policy to the new role instead (`cni-auditor rules` names the actions each version calls). Once aws-node is Ready everywhere with the new role, remove the CNI policy from the node roles.")
            : text("Once aws-node is Ready everywhere with the new role, detach AmazonEKS_CNI_Policy from the node roles."),
        ),
      },
    ];
  },
};
