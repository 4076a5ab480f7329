import type { FoldedAlert } from "../types.ts";
import { ec2ActionsFor, inVersionRange, managedPolicyCovers, parseAddonVersion } from "../catalog/index.ts";
import { IPV6_ACTIONS } from "./predicates.ts";
import { blank, checked, roleNameOf } from "../render/command-values.ts";
import type { Block, Inline } from "../render/remediation.ts";
import type { Command, Placeholder, Word } from "../render/shell.ts";
import { block, clusterArg, cmd, code, join, managedPolicyArn, md, partitionArg, regionArg, text } from "./text.ts";

// Remediation text of eni-unauthorized, by identity path.

/** An inline policy granting exactly the denied actions (CreateTags only on ENIs, as the CNI policy does). */
export function inlinePolicyCommand(role: Word, actions: readonly string[], partition: Word = "aws"): Command {
  const tags = actions.includes("CreateTags");
  // Action names come from events: only those with the grammar of an action reach the policy.
  const others = actions.filter((a) => a !== "CreateTags").map((a) => `ec2:${a}`).filter((a) => checked("iamAction", a) === a);
  const p = typeof partition === "string" ? partition : "<partition>";
  const statements = [
    ...(others.length > 0 ? [{ Effect: "Allow", Action: others, Resource: "*" }] : []),
    ...(tags ? [{ Effect: "Allow", Action: ["ec2:CreateTags"], Resource: `arn:${p}:ec2:*:*:network-interface/*` }] : []),
  ];
  const doc = JSON.stringify({ Version: "2012-10-17", Statement: statements });
  return cmd("aws", "iam", "put-role-policy", "--role-name", role, "--policy-name", "vpc-cni-missing-actions", "--policy-document", doc);
}

const ec2 = (actions: readonly string[]): string => actions.map((a) => `\`ec2:${a}\``).join(", ");

/** Per-action notes from the catalog (the actions each VPC CNI version calls, and what AmazonEKS_CNI_Policy has). */
export function actionNotes(actions: readonly string[], cniVersion: string | null = null): string[] {
  const notes: string[] = [];
  // Only a version with the grammar of one reaches the (tool-written) notes.
  const version = cniVersion !== null && parseAddonVersion(cniVersion) !== null ? cniVersion : null;
  if (actions.includes("DescribeSubnets"))
    notes.push(
      "`ec2:DescribeSubnets` is needed from v1.18.0 (subnet discovery, on unless ENABLE_SUBNET_DISCOVERY=false): through v1.21 a denial " +
        "only falls back to the primary subnet (`MissingIAMPermissions`, amazon-vpc-cni-k8s #2985); from v1.22.0 it blocks (IPv6 nodes " +
        "stay NotReady, IPv4 nodes get no secondary ENIs). AmazonEKS_CNI_Policy has it since 2024-03-04; custom and IPv6 policies often do not.",
    );
  if (actions.includes("DescribeSecurityGroups")) {
    const notTheCni = version !== null && !inVersionRange(version, "v1.22.0", "v1.22.2");
    notes.push(
      "`ec2:DescribeSecurityGroups`: only v1.22.0 and v1.22.1 (v1.22.1 without custom networking) call it at start-up, and there a 403 " +
        "is fatal (aws-node stops at \"Checking for IPAM connectivity…\" and crash-loops, #3704/#3705); v1.22.2–v1.22.4 have the call disabled (#3720) and v1.23+ never calls it, although docs/iam-policy.md " +
        "lists it (#3709). AmazonEKS_CNI_Policy does not include it." +
        (notTheCni ? ` VPC CNI ${version} does not call it: this denial is not the CNI's.` : ""),
    );
  }
  if (actions.some((a) => IPV6_ACTIONS.includes(a))) {
    const needs = ec2ActionsFor(version, "ipv6");
    notes.push(
      `IPv6 clusters need a customer-managed IPv6 CNI policy: AmazonEKS_CNI_Policy has no IPv6 action. ${version ? `VPC CNI ${version}` : "The VPC CNI"} ` +
        `calls ${ec2(needs.filter((a) => a !== "CreateTags"))} and \`ec2:CreateTags\` on network-interface/*` +
        (needs.includes("UnassignIpv6Addresses") ? "; docs/iam-policy.md's IPv6 policy lacks `ec2:UnassignIpv6Addresses`, which v1.22+ calls." : "."),
    );
  }
  return notes;
}

export function causeFor(path: string, role: string): Inline {
  switch (path) {
    case "node-role":
      return text(
        "aws-node has no credentials of its own, so the AWS SDK falls back to the node's instance role: the " +
        "`eks.amazonaws.com/role-arn` annotation on the `aws-node` service account is missing (seen after 1.28 upgrades with " +
        "vpc-cni v1.15.1-eksbuild.1, terraform-aws-eks #2880), or was added after the pods started (they read it only at start). " +
        "(A Pod Identity association without a running agent looks different: aws-node crash-loops and CloudTrail shows nothing — " +
        "amazon-vpc-cni-k8s #3840.)"
      );
    case "irsa":
      return md`the IRSA role ${code(role)} is assumed fine but its policies do not allow these actions.`;
    case "pod-identity":
      return [
        ...md`the Pod Identity role ${code(role)} is assumed fine (its trust of \`pods.eks.amazonaws.com\` with `,
        ...text(
          "`sts:AssumeRole` and `sts:TagSession` works — keep it when you edit the role) but its policies do not allow these " +
            "actions, or a condition on the session tags (`kubernetes-namespace`, `eks-cluster-name`…) does not match.",
        ),
      ];
    default:
      return text("the caller is neither an IRSA role, a Pod Identity role nor a node's instance role; if it is the VPC CNI, its credentials come from somewhere unexpected (static keys, a profile).");
  }
}

export function fixFor(
  path: string,
  alert: FoldedAlert,
  principalArn: string | null,
  actions: readonly string[],
  attributed: boolean,
): Array<Inline | Block> {
  const cluster = clusterArg(alert);
  const region = regionArg(alert);
  const account = checked("account", alert.account);
  const partition = partitionArg(alert);
  const roleArn = (name: string): Word => ["arn:", partition, ":iam::", account, ":role/", blank(name)];
  const role = roleNameOf(principalArn);
  const attach = cmd("aws", "iam", "attach-role-policy", "--role-name", role, "--policy-arn", managedPolicyArn(alert, "AmazonEKS_CNI_Policy"));
  const inline = inlinePolicyCommand(role, actions, partition);
  const restart = cmd("kubectl", "rollout", "restart", "daemonset", "aws-node", "-n", "kube-system");
  const beyond = actions.filter((a) => !managedPolicyCovers(a));
  const grant =
    beyond.length === 0
      ? [text("attach the managed policy (it includes every denied action) or grant exactly the denied actions:"), block(attach, inline)]
      : [md`grant exactly the denied actions (AmazonEKS_CNI_Policy does not include ${join(beyond.map((a) => code(`ec2:${a}`)), ", ")}):`, block(inline)];
  if (!attributed && path !== "node-role")
    // Not known to be the CNI's role: grant its owner exactly what was denied, nothing broader.
    return [text("if the role belongs to another controller, grant exactly the denied actions in its own policy; if it is the CNI's, the same:"), block(inline)];
  if (path === "irsa" || path === "pod-identity" || path === "other") return grant;
  return [
    text("— IRSA (managed add-on, so the add-on manager keeps it):"),
    block(cmd("aws", "eks", "update-addon", "--cluster-name", cluster, "--addon-name", "vpc-cni", "--service-account-role-arn", roleArn("<cni-role>"), ...region)),
    text("or by hand, then restart so the pods read it:"),
    block(
      cmd("kubectl", "annotate", "serviceaccount", "-n", "kube-system", "aws-node", ["eks.amazonaws.com/role-arn=", ...(roleArn("<cni-role>") as readonly (string | Placeholder)[])], "--overwrite"),
      restart,
    ),
    text(
      "— Pod Identity (vpc-cni ≥ v1.15.5-eksbuild.1 and eks-pod-identity-agent ≥ v1.2.0-eksbuild.1 installed first; the role must " +
        "trust `pods.eks.amazonaws.com` with `sts:AssumeRole` and `sts:TagSession`, so an IRSA role cannot be reused as it is). " +
        "Let the add-on own the association (an update replaces all of the add-on's associations):",
    ),
    block(
      cmd("aws", "eks", "update-addon", "--cluster-name", cluster, "--addon-name", "vpc-cni", "--pod-identity-associations", ["serviceAccount=aws-node,roleArn=", ...(roleArn("<cni-pod-identity-role>") as readonly (string | Placeholder)[])], ...region),
      restart,
    ),
    text(
      "When switching from IRSA, remove the add-on's `serviceAccountRoleArn` and the `eks.amazonaws.com/role-arn` annotation, or which " +
        "credentials aws-node uses depends on the SDK's credential chain:",
    ),
    block(cmd("kubectl", "annotate", "serviceaccount", "-n", "kube-system", "aws-node", "eks.amazonaws.com/role-arn-")),
    text("— Stop-gap (weaker isolation: every pod on the node gets these rights):"),
    block(beyond.length === 0 ? attach : inline),
  ];
}

export function checkFor(path: string, principalArn: string | null, actions: readonly string[]): Array<Inline | Block> {
  const first = actions[0] ?? "CreateNetworkInterface";
  if (path === "node-role")
    return [
      text(
        "`kubectl -n kube-system get sa aws-node -o jsonpath='{.metadata.annotations.eks\\.amazonaws\\.com/role-arn}'` shows the CNI role; " +
          "the next ENI calls in CloudTrail come from the CNI role and succeed.",
      ),
    ];
  return [
    block(
      cmd("aws", "iam", "simulate-principal-policy", "--policy-source-arn", checked("principalArn", principalArn), "--action-names", checked("iamAction", `ec2:${first}`), "--query", "EvaluationResults[].EvalDecision"),
    ),
    text("shows `allowed`; the next calls in CloudTrail succeed and the next window brings no new alert."),
  ];
}

const EXFILTRATION =
  "GuardDuty `UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS` / `.InsideAWS` findings and the source IP " +
  "tell whether a node's credentials are used from elsewhere";

/** Why the alert does (not) name the CNI: the evidence it has, and what counts against it. */
export function attributionText(attribution: string, weak: readonly string[], against: string | null): Inline | null {
  const contra = against
    ? ` The user agent names ${against.replace(/[^A-Za-z0-9 -]/g, "")}, a tool the VPC CNI never uses: a person or script made these calls — ` +
      `with a node's or the CNI's credentials that is possible credential misuse (${EXFILTRATION}).`
    : "";
  if (attribution === "vpc-cni") return against ? text(contra.trim()) : null;
  if (attribution === "likely-vpc-cni")
    return text(
      `likely the VPC CNI, not confirmed: only fields the caller writes point at it (${weak.join(", ")}), and the role is not ` +
        "known as a CNI role (config `cniRoleArns` or the fleet snapshot). Reported at medium at most.",
    );
  return text(
    "not confirmed to be the VPC CNI: the role is not known as a CNI role" +
      (weak.length > 0 ? ` (the caller wrote ${weak.join(", ")}, which anyone can write)` : " and nothing in the call points at the CNI") +
      "; Karpenter and load balancer controllers make some of the same calls. Denials like this fold into one alert per account." +
      contra,
  );
}

/** Not known to be the CNI's role: say how to confirm it; never grant permissions first. */
export function confirmFirst(path: string, alert: FoldedAlert, principalArn: string | null): Array<Inline | Block> {
  const cluster = clusterArg(alert);
  const region = regionArg(alert);
  const role = roleNameOf(principalArn);
  const checks: Command[] = [
    cmd("kubectl", "-n", "kube-system", "get", "sa", "aws-node", "-o", "jsonpath={.metadata.annotations.eks\\.amazonaws\\.com/role-arn}"),
    cmd("aws", "eks", "list-pod-identity-associations", "--cluster-name", cluster, "--namespace", "kube-system", "--service-account", "aws-node", ...region),
    ...(path === "node-role" ? [cmd("aws", "iam", "list-instance-profiles-for-role", "--role-name", role, "--query", "InstanceProfiles[].Arn")] : []),
  ];
  return [
    text("do not grant permissions to this role until it is known to be the CNI's. Confirm which role aws-node uses:"),
    block(...checks),
    text(
      "If it is the CNI's (or, with neither, the node role aws-node falls back to), add it to `cniRoleArns` in the config or run " +
        "the fleet audit: the next alert then says what to grant. If another controller owns it, grant exactly the denied actions in " +
        `its own policy. Otherwise treat the calls as possible credential misuse: ${EXFILTRATION}.`,
    ),
  ];
}
