import { isAllowed } from "../config.ts";
import type { Finding, NormalizedEvent, RuleId } from "../types.ts";
import type { AddonState } from "../core/addon-state.ts";
import type { Rule, RuleContext } from "./rule.ts";
import { auditTriggerAccepts, cloudTrailTriggerAccepts } from "./triggers.ts";

/**
 * A set of rules and what runs them. Each Lambda takes only the rules of its source, so its
 * bundle leaves the others (and the known-issue catalog, for audit logs) out.
 */
export interface RuleSet {
  readonly rules: readonly Rule[];
  byId(id: RuleId): Rule | undefined;
}

export function ruleSet(rules: readonly Rule[]): RuleSet {
  const byId = new Map<RuleId, Rule>(rules.map((r) => [r.id, r]));
  return { rules, byId: (id) => byId.get(id) };
}

/**
 * Runs every enabled rule of the set on one event. Tuning lives here, once, not in the rules:
 * rules in `config.disabledRules` do not run, and findings whose actor is allow-listed for
 * their rule are dropped. Triggers are checked first (they are necessary conditions, so this
 * only skips work).
 */
export function matchRules(set: RuleSet, event: NormalizedEvent, ctx: RuleContext): Finding[] {
  const { config } = ctx;
  const out: Finding[] = [];
  for (const rule of set.rules) {
    if (config.disabledRules.includes(rule.id)) continue;
    let finding: Finding | undefined;
    if (rule.source === "audit" && event.source === "audit") {
      if (auditTriggerAccepts(rule.trigger, event.record, config.extraSystemUsers)) finding = rule.match(event, ctx);
    } else if (rule.source === "cloudtrail" && event.source === "cloudtrail") {
      if (rule.triggers.some((t) => cloudTrailTriggerAccepts(t, event.record))) finding = rule.match(event, ctx);
    }
    if (finding && !isAllowed(config, rule.id, finding.actor)) out.push(finding);
  }
  return out;
}

/**
 * The add-on state keys the set's rules declare for these events (`addonStateKeys`, asked when
 * a trigger accepts the event, whatever the tuning): what a store loads before `evaluate`.
 */
export function addonStateKeysWith(set: RuleSet, events: readonly NormalizedEvent[]): string[] {
  const keys = new Set<string>();
  for (const event of events) {
    if (event.source !== "cloudtrail") continue;
    for (const rule of set.rules) {
      if (rule.source !== "cloudtrail" || !rule.addonStateKeys) continue;
      if (!rule.triggers.some((t) => cloudTrailTriggerAccepts(t, event.record))) continue;
      for (const key of rule.addonStateKeys(event)) keys.add(key);
    }
  }
  return [...keys];
}

/**
 * What the add-on rules learn from an event (version, features), whatever the tuning: a
 * disabled rule or an allow-listed caller must not leave `fromVersion` stale for later events.
 */
export function addonUpdatesWith(set: RuleSet, event: NormalizedEvent, ctx: RuleContext): Array<{ key: string; state: AddonState }> {
  if (event.source !== "cloudtrail") return [];
  const out: Array<{ key: string; state: AddonState }> = [];
  for (const rule of set.rules) {
    if (rule.source !== "cloudtrail" || !rule.addonUpdate) continue;
    if (!rule.triggers.some((t) => cloudTrailTriggerAccepts(t, event.record))) continue;
    const finding = rule.match(event, ctx);
    const update = finding ? rule.addonUpdate(finding) : undefined;
    if (update) out.push(update);
  }
  return out;
}
