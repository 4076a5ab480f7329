import type { FoldedAlert } from "../types.ts";
import { IPV6_ACTIONS, roleName } from "./predicates.ts";
import { block, clusterArg, code, regionArg } from "./text.ts";

// Remediation text of eni-unauthorized, by identity path.

/** An inline policy granting exactly the denied actions (CreateTags only on ENIs, as the CNI policy does). */
export function inlinePolicyCommand(role: string, actions: readonly string[]): string {
  const tags = actions.includes("CreateTags");
  const others = actions.filter((a) => a !== "CreateTags").map((a) => `ec2:${a}`);
  const statements = [
    ...(others.length > 0 ? [{ Effect: "Allow", Action: others, Resource: "*" }] : []),
    ...(tags ? [{ Effect: "Allow", Action: ["ec2:CreateTags"], Resource: "arn:aws:ec2:*:*:network-interface/*" }] : []),
  ];
  const doc = JSON.stringify({ Version: "2012-10-17", Statement: statements });
  return `aws iam put-role-policy --role-name ${role} --policy-name vpc-cni-missing-actions --policy-document '${doc}'`;
}

/** Per-action notes from the catalog's requirements. */
export function actionNotes(actions: readonly string[]): string[] {
  const notes: string[] = [];
  if (actions.includes("DescribeSubnets"))
    notes.push(
      "`ec2:DescribeSubnets` is needed from v1.18.0 (subnet discovery, on by default; aws-node reports `MissingIAMPermissions`, " +
        "amazon-vpc-cni-k8s #2985); AmazonEKS_CNI_Policy has it since 2024-03-04, custom policies may not.",
    );
  if (actions.includes("DescribeSecurityGroups"))
    notes.push(
      "`ec2:DescribeSecurityGroups`: v1.22.0 and v1.22.1 call it at start-up and a 403 is fatal (aws-node hangs at " +
        "\"Checking for IPAM connectivity…\", #3704/#3705); v1.22.2 reverted the feature (#3720), and from v1.23.0 " +
        "docs/iam-policy.md lists the permission (#3709).",
    );
  if (actions.some((a) => IPV6_ACTIONS.includes(a)))
    notes.push(
      "IPv6 clusters need the customer-managed IPv6 CNI policy: AmazonEKS_CNI_Policy has no `ec2:AssignIpv6Addresses` " +
        "(docs/iam-policy.md: AssignIpv6Addresses, DescribeInstances, DescribeTags, DescribeNetworkInterfaces, " +
        "DescribeInstanceTypes, DescribeSubnets, DescribeSecurityGroups, and CreateTags on network-interface).",
    );
  return notes;
}

export function causeFor(path: string, role: string): string {
  switch (path) {
    case "node-role":
      return (
        "aws-node has no credentials of its own, so the AWS SDK falls back to the node's instance role: the " +
        "`eks.amazonaws.com/role-arn` annotation on the `aws-node` service account is missing (seen after 1.28 upgrades with " +
        "vpc-cni v1.15.1-eksbuild.1, terraform-aws-eks #2880), or was added after the pods started (they read it only at start). " +
        "(A Pod Identity association without a running agent looks different: aws-node crash-loops and CloudTrail shows nothing — " +
        "amazon-vpc-cni-k8s #3840.)"
      );
    case "irsa":
      return `the IRSA role ${code(role)} is assumed fine but its policies do not allow these actions.`;
    case "pod-identity":
      return (
        `the Pod Identity role ${code(role)} is assumed fine (its trust of \`pods.eks.amazonaws.com\` with ` +
        "`sts:AssumeRole` and `sts:TagSession` works — keep it when you edit the role) but its policies do not allow these " +
        "actions, or a condition on the session tags (`kubernetes-namespace`, `eks-cluster-name`…) does not match."
      );
    default:
      return "the caller is neither an IRSA role, a Pod Identity role nor a node's instance role; if it is the VPC CNI, its credentials come from somewhere unexpected (static keys, a profile).";
  }
}

export function fixFor(
  path: string,
  alert: FoldedAlert,
  principalArn: string | null,
  actions: readonly string[],
  attributed: boolean,
): string {
  const cluster = clusterArg(alert);
  const region = regionArg(alert);
  const account = alert.account ?? "<account>";
  const role = roleName(principalArn);
  const grant =
    "attach the managed policy (IPv4 clusters) or grant exactly the denied actions:\n" +
    block(
      `aws iam attach-role-policy --role-name ${role} --policy-arn arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy`,
      inlinePolicyCommand(role, actions),
    );
  if (!attributed && path !== "node-role")
    // Not known to be the CNI's role: grant its owner exactly what was denied, nothing broader.
    return (
      "if the role belongs to another controller, grant exactly the denied actions in its own policy; if it is the CNI's, " +
      "AmazonEKS_CNI_Policy covers them:\n" +
      block(inlinePolicyCommand(role, actions))
    );
  if (path === "irsa" || path === "pod-identity" || path === "other") return grant;
  return [
    "— IRSA (managed add-on, so the add-on manager keeps it):\n" +
      block(
        `aws eks update-addon --cluster-name ${cluster} --addon-name vpc-cni --service-account-role-arn arn:aws:iam::${account}:role/<cni-role>${region}`,
      ) +
      "\nor by hand, then restart so the pods read it:\n" +
      block(
        `kubectl annotate serviceaccount -n kube-system aws-node eks.amazonaws.com/role-arn=arn:aws:iam::${account}:role/<cni-role> --overwrite`,
        "kubectl rollout restart daemonset aws-node -n kube-system",
      ),
    "— Pod Identity (vpc-cni ≥ v1.15.5-eksbuild.1 and eks-pod-identity-agent ≥ v1.2.0-eksbuild.1 installed first; the role must " +
      "trust `pods.eks.amazonaws.com` with `sts:AssumeRole` and `sts:TagSession`, so an IRSA role cannot be reused as it is):\n" +
      block(
        `aws eks create-pod-identity-association --cluster-name ${cluster} --namespace kube-system --service-account aws-node --role-arn arn:aws:iam::${account}:role/<cni-pod-identity-role>${region}`,
        "kubectl rollout restart daemonset aws-node -n kube-system",
      ),
    "— Stop-gap (weaker isolation: every pod on the node gets these rights):\n" +
      block(`aws iam attach-role-policy --role-name ${role} --policy-arn arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy`),
  ].join("\n");
}

export function checkFor(path: string, principalArn: string | null, actions: readonly string[]): string {
  const first = actions[0] ?? "CreateNetworkInterface";
  if (path === "node-role")
    return (
      "`kubectl -n kube-system get sa aws-node -o jsonpath='{.metadata.annotations.eks\\.amazonaws\\.com/role-arn}'` shows the CNI role; " +
      "the next ENI calls in CloudTrail come from the CNI role and succeed."
    );
  return (
    block(
      `aws iam simulate-principal-policy --policy-source-arn ${principalArn ?? "<role-arn>"} --action-names ec2:${first} --query 'EvaluationResults[].EvalDecision'`,
    ) + "\nshows `allowed`; the next calls in CloudTrail succeed and the next window brings no new alert."
  );
}
