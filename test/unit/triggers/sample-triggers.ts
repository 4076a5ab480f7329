// Triggers shaped like the rules in shared/rules/, for generator tests that do not depend on
// the registry (the real RULES are covered by rules.test.ts).
import type { AuditTrigger, CloudTrailTrigger } from "../../../shared/rules/rule.ts";

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
