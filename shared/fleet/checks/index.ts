// The fleet checks, one per file; a test keeps ids unique and equal to the file names.
import type { FleetCheck } from "../check.ts";
import { check as addonUnhealthy } from "./addon-unhealthy.ts";
import { check as auditLoggingOff } from "./audit-logging-off.ts";
import { check as catalogNotReviewed } from "./catalog-not-reviewed.ts";
import { check as behindDefaultVersion } from "./behind-default-version.ts";
import { check as belowOldestRecommended } from "./below-oldest-recommended.ts";
import { check as cniNotManaged } from "./cni-not-managed.ts";
import { check as cniOnNodeRole } from "./cni-on-node-role.ts";
import { check as cniRoleMissingPermissions } from "./cni-role-missing-permissions.ts";
import { check as cninodesRbacGap } from "./cninodes-rbac-gap.ts";
import { check as insightNotPassing } from "./insight-not-passing.ts";
import { check as knownIssue } from "./known-issue.ts";
import { check as kubernetesSupport } from "./kubernetes-support.ts";
import { check as npModeWithoutAgent } from "./np-mode-without-agent.ts";
import { check as podIdentityAgentMissing } from "./pod-identity-agent-missing.ts";
import { check as podIdentityAgentOutdated } from "./pod-identity-agent-outdated.ts";
import { check as podIdentityCniTooOld } from "./pod-identity-cni-too-old.ts";

export const FLEET_CHECKS: readonly FleetCheck[] = [
  podIdentityAgentMissing,
  knownIssue,
  npModeWithoutAgent,
  addonUnhealthy,
  podIdentityCniTooOld,
  podIdentityAgentOutdated,
  belowOldestRecommended,
  cninodesRbacGap,
  cniOnNodeRole,
  cniRoleMissingPermissions,
  cniNotManaged,
  auditLoggingOff,
  behindDefaultVersion,
  insightNotPassing,
  catalogNotReviewed,
  kubernetesSupport,
];
