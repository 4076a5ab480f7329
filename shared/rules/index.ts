import type { Finding, NormalizedEvent } from "../types.ts";
import { AUDIT_RULES } from "./audit-rules.ts";
import { CLOUDTRAIL_RULES } from "./cloudtrail-rules.ts";
import type { AddonState } from "../core/addon-state.ts";
import { METRICS_RULES } from "./metrics-rules.ts";
import { addonStateKeysWith, addonUpdatesWith, matchRules, ruleSet, type RuleSet } from "./registry.ts";
import type { AuditRule, CloudTrailRule, Rule, RuleContext } from "./rule.ts";

/** Every detection rule, one file each (`<id>.ts`): the audit-log rules, the CloudTrail ones, the metrics ones. */
export const ALL_RULES: RuleSet = ruleSet([...AUDIT_RULES.rules, ...CLOUDTRAIL_RULES.rules, ...METRICS_RULES.rules]);
export const RULES: readonly Rule[] = ALL_RULES.rules;
export const ruleById = ALL_RULES.byId;
/** The rules that match events (every rule but the metrics ones): those with triggers and fixtures. */
export const EVENT_RULES: ReadonlyArray<AuditRule | CloudTrailRule> = RULES.filter(
  (r): r is AuditRule | CloudTrailRule => r.source !== "metrics",
);

/** `matchRules` over every rule (see registry.ts). */
export function matchAll(event: NormalizedEvent, ctx: RuleContext): Finding[] {
  return matchRules(ALL_RULES, event, ctx);
}

/** `addonUpdatesWith` over every rule (see registry.ts). */
export function addonUpdatesFor(event: NormalizedEvent, ctx: RuleContext): Array<{ key: string; state: AddonState }> {
  return addonUpdatesWith(ALL_RULES, event, ctx);
}

/** `addonStateKeysWith` over every rule (see registry.ts). */
export function addonStateKeysFor(events: readonly NormalizedEvent[]): string[] {
  return addonStateKeysWith(ALL_RULES, events);
}

export { AUDIT_RULES, CLOUDTRAIL_RULES, METRICS_RULES, type RuleSet };
export { auditTriggerAccepts, cloudTrailTriggerAccepts } from "./triggers.ts";
