// The meaning of AuditTrigger / CloudTrailTrigger, written directly from shared/rules/rule.ts
// (fields ANDed, values ORed), to compare the generated patterns against.
import type { AuditTrigger, CloudTrailTrigger } from "../../../shared/rules/rule.ts";

type Rec = Record<string, any>;

export function auditTriggerAdmits(t: AuditTrigger, extraUsers: readonly string[], rec: Rec): boolean {
  const code = rec?.responseStatus?.code;
  if (t.codes && !(typeof code === "number" && t.codes.includes(code))) return false;
  if (t.codeBelow !== undefined && !(typeof code === "number" && code < t.codeBelow)) return false;
  if (t.verbs && !t.verbs.includes(rec?.verb)) return false;
  if (t.resources && !t.resources.includes(rec?.objectRef?.resource)) return false;
  if (t.users) {
    const users = t.usersFromConfig ? [...t.users, ...extraUsers] : t.users;
    if (!users.includes(rec?.user?.username)) return false;
  }
  return true;
}

/** `detail` of an EventBridge "AWS API Call via CloudTrail" event. */
export function cloudTrailTriggerAdmits(t: CloudTrailTrigger, detail: Rec): boolean {
  return (
    detail?.eventSource === t.eventSource &&
    t.eventNames.includes(detail?.eventName) &&
    (typeof detail?.errorCode === "string") === t.failed
  );
}

/** Triggers shaped like the rules of DESIGN.md, for tests that must not wait for RULES. */
export const SAMPLE_AUDIT_TRIGGERS: AuditTrigger[] = [
  { codes: [403], resources: ["cninodes"], users: ["eks:vpc-resource-controller"] },
  {
    codes: [403],
    users: ["eks:vpc-resource-controller", "eks:addon-manager", "system:serviceaccount:kube-system:aws-node"],
    usersFromConfig: true,
  },
  {
    codeBelow: 300,
    verbs: ["create", "update", "patch", "delete"],
    resources: ["daemonsets", "serviceaccounts", "configmaps", "clusterroles", "clusterrolebindings", "eniconfigs"],
  },
];

export const SAMPLE_CLOUDTRAIL_TRIGGERS: CloudTrailTrigger[] = [
  {
    eventSource: "ec2.amazonaws.com",
    eventNames: ["CreateNetworkInterface", "AttachNetworkInterface", "AssignPrivateIpAddresses"],
    failed: true,
  },
  {
    eventSource: "ec2.amazonaws.com",
    eventNames: ["DescribeNetworkInterfaces", "DescribeSubnets", "DescribeSecurityGroups"],
    failed: true,
    readOnlyCalls: true,
  },
  { eventSource: "eks.amazonaws.com", eventNames: ["CreateAddon", "UpdateAddon", "DeleteAddon"], failed: false },
  { eventSource: "sts.amazonaws.com", eventNames: ["AssumeRoleWithWebIdentity"], failed: true },
  { eventSource: "eks-auth.amazonaws.com", eventNames: ["AssumeRoleForPodIdentity"], failed: true },
];
