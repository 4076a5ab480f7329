import { addonDeleted } from "./addon-deleted.ts";
import { addonVersionChanged } from "./addon-version-changed.ts";
import { auditLoggingDisabled } from "./audit-logging-disabled.ts";
import { auditorTampered } from "./auditor-tampered.ts";
import { credentialsDenied } from "./credentials-denied.ts";
import { eniUnauthorized } from "./eni-unauthorized.ts";
import { ruleSet } from "./registry.ts";

/** The rules on CloudTrail events (the cloudtrail Lambda's set). */
export const CLOUDTRAIL_RULES = ruleSet([
  eniUnauthorized,
  credentialsDenied,
  addonVersionChanged,
  addonDeleted,
  auditLoggingDisabled,
  auditorTampered,
]);
