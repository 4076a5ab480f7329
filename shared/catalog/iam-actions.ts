import { inVersionRange } from "./version.ts";

// The EC2 actions each VPC CNI version calls, per IP family, and what AmazonEKS_CNI_Policy
// covers (domain-2026-12.md §3 "IAM actions": the code's ec2SVC calls per tag, docs/iam-policy.md,
// the managed-policy reference). One place for these facts: remediation text and upgrade
// plans read them here.

export type IpFamily = "ipv4" | "ipv6";

export interface Ec2ActionNeed {
  /** Without the `ec2:` prefix, e.g. "DescribeSubnets". */
  action: string;
  families: readonly IpFamily[];
  /** The CNI versions that call it: [from, toExclusive). */
  from: string;
  toExclusive: string | null;
  /** Only on `arn:<partition>:ec2:*:*:network-interface/*` (CreateTags). */
  networkInterfacesOnly?: boolean;
  /** From this version a denial stops the node (or its ENIs), not just a feature. */
  blockingFrom?: string;
  /** Within the range, when the call (or the block) happens. */
  note?: string;
}

const ALL = "v1.0.0";

export const CNI_EC2_ACTION_NEEDS: readonly Ec2ActionNeed[] = [
  { action: "AssignPrivateIpAddresses", families: ["ipv4"], from: ALL, toExclusive: null },
  { action: "AttachNetworkInterface", families: ["ipv4"], from: ALL, toExclusive: null },
  { action: "CreateNetworkInterface", families: ["ipv4"], from: ALL, toExclusive: null },
  { action: "DeleteNetworkInterface", families: ["ipv4"], from: ALL, toExclusive: null },
  { action: "DetachNetworkInterface", families: ["ipv4"], from: ALL, toExclusive: null },
  { action: "ModifyNetworkInterfaceAttribute", families: ["ipv4"], from: ALL, toExclusive: null },
  { action: "UnassignPrivateIpAddresses", families: ["ipv4"], from: ALL, toExclusive: null },
  { action: "DescribeInstances", families: ["ipv4", "ipv6"], from: ALL, toExclusive: null },
  { action: "DescribeTags", families: ["ipv4", "ipv6"], from: ALL, toExclusive: null },
  { action: "DescribeNetworkInterfaces", families: ["ipv4", "ipv6"], from: ALL, toExclusive: null },
  { action: "DescribeInstanceTypes", families: ["ipv4", "ipv6"], from: ALL, toExclusive: null },
  { action: "CreateTags", families: ["ipv4", "ipv6"], from: ALL, toExclusive: null, networkInterfacesOnly: true },
  { action: "AssignIpv6Addresses", families: ["ipv6"], from: ALL, toExclusive: null },
  {
    action: "UnassignIpv6Addresses",
    families: ["ipv6"],
    from: "v1.22.0",
    toExclusive: null,
    note: "v1.22+ releases IPv6 prefixes (DeallocPrefixAddresses); docs/iam-policy.md's IPv6 policy lacks it",
  },
  {
    action: "DescribeSubnets",
    families: ["ipv4", "ipv6"],
    from: "v1.18.0",
    toExclusive: null,
    blockingFrom: "v1.22.0",
    note: "subnet discovery (on unless ENABLE_SUBNET_DISCOVERY=false): through v1.21 a denial only falls back to the primary subnet; from v1.22.0 IPv6 nodes stay NotReady and IPv4 nodes get no secondary ENIs",
  },
  {
    action: "DescribeSecurityGroups",
    families: ["ipv4", "ipv6"],
    from: "v1.22.0",
    toExclusive: "v1.22.2",
    blockingFrom: "v1.22.0",
    note: "called at start-up and fatal on a denial in v1.22.0 (v1.22.1: only without custom networking); disabled in v1.22.2–v1.22.4 and gone in v1.23+, although docs/iam-policy.md lists it",
  },
];

/** AmazonEKS_CNI_Policy, policy version v5 (edited 2024-03-04): CreateTags only on network-interface/*. */
export const AMAZON_EKS_CNI_POLICY_V5: readonly string[] = [
  "AssignPrivateIpAddresses",
  "AttachNetworkInterface",
  "CreateNetworkInterface",
  "DeleteNetworkInterface",
  "DescribeInstances",
  "DescribeTags",
  "DescribeNetworkInterfaces",
  "DescribeInstanceTypes",
  "DescribeSubnets",
  "DetachNetworkInterface",
  "ModifyNetworkInterfaceAttribute",
  "UnassignPrivateIpAddresses",
  "CreateTags",
];

const strip = (action: string): string => action.replace(/^ec2:/, "");

/** Does AmazonEKS_CNI_Policy (v5) allow `action`? (No DescribeSecurityGroups, no IPv6 action.) */
export function managedPolicyCovers(action: string): boolean {
  return AMAZON_EKS_CNI_POLICY_V5.includes(strip(action));
}

/** The needs of `version` for `family`; an unparseable version gets every action of the family (the safe answer). */
export function ec2NeedsFor(version: string | null, family: IpFamily): Ec2ActionNeed[] {
  return CNI_EC2_ACTION_NEEDS.filter(
    (n) => n.families.includes(family) && (version === null || inVersionRange(version, n.from, n.toExclusive) || !isVersion(version)),
  );
}

/** Action names (no prefix) that `version` calls for `family`. */
export function ec2ActionsFor(version: string | null, family: IpFamily): string[] {
  return ec2NeedsFor(version, family).map((n) => n.action);
}

/** What the CNI of `version` needs beyond AmazonEKS_CNI_Policy for `family`. */
export function actionsBeyondManagedPolicy(version: string | null, family: IpFamily): string[] {
  return ec2ActionsFor(version, family).filter((a) => !managedPolicyCovers(a));
}

/** The need entry of one action, if the CNI ever calls it. */
export function ec2Need(action: string): Ec2ActionNeed | undefined {
  return CNI_EC2_ACTION_NEEDS.find((n) => n.action === strip(action));
}

/** A denial of `action` stops nodes (or their ENIs) on `version`. */
export function denialBlocks(action: string, version: string): boolean {
  const need = ec2Need(action);
  return !!need?.blockingFrom && inVersionRange(version, need.blockingFrom, need.toExclusive);
}

function isVersion(v: string): boolean {
  return /^v?\d+\.\d+\.\d+(-eksbuild\.\d+)?$/.test(v.trim());
}
