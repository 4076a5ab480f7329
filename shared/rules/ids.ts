// The rule ids of each source's set, as data the settings check against without loading any
// rule. Each id is also its rule's file name (`<id>.ts`) and its fixtures' (`test/fixtures/rules/<id>.json`);
// test/unit/rules/registry.test.ts checks that files, these ids and the sets agree.

export const AUDIT_RULE_IDS = ["cninodes-forbidden", "system-forbidden", "aws-node-modified"] as const;
export const CLOUDTRAIL_RULE_IDS = [
  "eni-unauthorized",
  "credentials-denied",
  "addon-version-changed",
  "addon-deleted",
  "audit-logging-disabled",
  "auditor-tampered",
] as const;

/** Rules on CloudWatch metrics the sweep reads: no trigger, no event fixtures (shared/blind-spots decides). */
export const METRICS_RULE_IDS = ["audit-source-silent"] as const;

export type RuleId = (typeof AUDIT_RULE_IDS)[number] | (typeof CLOUDTRAIL_RULE_IDS)[number] | (typeof METRICS_RULE_IDS)[number];
export const RULE_IDS: readonly RuleId[] = [...AUDIT_RULE_IDS, ...CLOUDTRAIL_RULE_IDS, ...METRICS_RULE_IDS];
