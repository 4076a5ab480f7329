import type { Finding, NormalizedEvent, RuleId } from "../types.ts";
import { isAllowed } from "../config.ts";
import type { AddonState, Rule, RuleContext } from "./rule.ts";
import { cninodesForbidden } from "./cninodes-forbidden.ts";
import { systemForbidden } from "./system-forbidden.ts";
import { awsNodeModified } from "./aws-node-modified.ts";
import { eniUnauthorized } from "./eni-unauthorized.ts";
import { credentialsDenied } from "./credentials-denied.ts";
import { addonVersionChanged } from "./addon-version-changed.ts";
import { addonDeleted } from "./addon-deleted.ts";
import { auditTriggerAccepts, cloudTrailTriggerAccepts } from "./triggers.ts";
import { addonStateKey } from "./rule.ts";
import { addonNameOf } from "./addon-request.ts";
import { cloudTrailPlacement } from "./predicates.ts";

/** Every detection rule, one file each (`<id>.ts`). */
export const RULES: readonly Rule[] = [
  cninodesForbidden,
  systemForbidden,
  awsNodeModified,
  eniUnauthorized,
  credentialsDenied,
  addonVersionChanged,
  addonDeleted,
];

const BY_ID = new Map<RuleId, Rule>(RULES.map((r) => [r.id, r]));

export function ruleById(id: RuleId): Rule | undefined {
  return BY_ID.get(id);
}

/**
 * Runs every enabled rule on one event. Tuning lives here, once, not in the rules:
 * rules in `config.disabledRules` do not run, and findings whose actor is allow-listed
 * for their rule are dropped. Triggers are checked first (they are necessary conditions,
 * so this only skips work).
 */
export function matchAll(event: NormalizedEvent, ctx: RuleContext): Finding[] {
  const { config } = ctx;
  const out: Finding[] = [];
  for (const rule of RULES) {
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
 * What the add-on rules learn from an event (version, features), whatever the tuning: a
 * disabled rule or an allow-listed caller must not leave `fromVersion` stale for later events.
 */
export function addonUpdatesFor(event: NormalizedEvent, ctx: RuleContext): Array<{ key: string; state: AddonState }> {
  if (event.source !== "cloudtrail") return [];
  const out: Array<{ key: string; state: AddonState }> = [];
  for (const rule of RULES) {
    if (rule.source !== "cloudtrail" || !rule.addonUpdate) continue;
    if (!rule.triggers.some((t) => cloudTrailTriggerAccepts(t, event.record))) continue;
    const finding = rule.match(event, ctx);
    const update = finding ? rule.addonUpdate(finding) : undefined;
    if (update) out.push(update);
  }
  return out;
}

export { auditTriggerAccepts, cloudTrailTriggerAccepts } from "./triggers.ts";

/**
 * The add-on state keys the rules may read or write for these events, so a store can load
 * them before `evaluate`: the add-on an EKS add-on call names, and vpc-cni for every add-on
 * and credential call (whether the CNI uses Pod Identity decides how deleting the agent, or a
 * failed Pod Identity credential fetch, is rated).
 */
export function addonStateKeysFor(events: readonly NormalizedEvent[]): string[] {
  const keys = new Set<string>();
  for (const event of events) {
    if (event.source !== "cloudtrail") continue;
    const source = event.record.eventSource;
    const named = source === "eks.amazonaws.com" ? addonNameOf(event.record) : null;
    const readsCni = named !== null || source === "sts.amazonaws.com" || source === "eks-auth.amazonaws.com";
    if (!readsCni) continue;
    const where = cloudTrailPlacement(event);
    for (const addon of named !== null ? [named, "vpc-cni"] : ["vpc-cni"]) {
      keys.add(addonStateKey(where.account, where.region, where.cluster, addon));
    }
  }
  return [...keys];
}
