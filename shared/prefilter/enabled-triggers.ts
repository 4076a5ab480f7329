// The audit triggers both prefilters compile: those of the audit rules `config` leaves enabled
// (a disabled rule never matches, so nothing needs to pass for it).
import type { AuditorConfig } from "../config.ts";
import type { AuditTrigger, Rule } from "../rules/rule.ts";

export function enabledAuditTriggers(rules: readonly Rule[], config: Pick<AuditorConfig, "disabledRules">): AuditTrigger[] {
  const triggers: AuditTrigger[] = [];
  for (const rule of rules) {
    if (rule.source === "audit" && !config.disabledRules.includes(rule.id)) triggers.push(rule.trigger);
  }
  return triggers;
}
