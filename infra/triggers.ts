// The triggers of the rules this deployment runs (config can switch rules off), and the
// subscription filter pattern / EventBridge rules generated from them.
import { RULES } from "../shared/rules/index.ts";
import type { AuditTrigger, CloudTrailTrigger } from "../shared/rules/rule.ts";
import { auditFilterPattern } from "../shared/triggers/filter-pattern.ts";
import { cloudTrailEventPatterns, type GeneratedEventRule } from "../shared/triggers/event-patterns.ts";
import { COVERAGE_RULE } from "../shared/triggers/coverage.ts";
import { cloudTrailFilterPattern } from "../shared/triggers/trail-filter-pattern.ts";
import type { InfraConfig } from "./config.ts";

export interface DeployedTriggers {
  /** null when no audit rule is enabled: then no subscription filter is created. */
  filterPattern: string | null;
  eventRules: GeneratedEventRule[];
  /** The subscription filter for an organization trail's log group (README); null: no CloudTrail rule. */
  trailFilterPattern: string | null;
}

export function deployedTriggers(config: Pick<InfraConfig, "disabledRules" | "extraSystemUsers">): DeployedTriggers {
  const enabled = RULES.filter((r) => !config.disabledRules.includes(r.id));
  const audit: AuditTrigger[] = [];
  const cloudTrail: CloudTrailTrigger[] = [];
  for (const r of enabled) {
    if (r.source === "audit") audit.push(r.trigger);
    else if (r.source === "cloudtrail") cloudTrail.push(...r.triggers);
  }
  return {
    filterPattern: audit.length > 0 ? auditFilterPattern(audit, config.extraSystemUsers) : null,
    // With audit rules on, new cluster log groups are subscribed as they appear (coverage).
    eventRules: [...cloudTrailEventPatterns(cloudTrail), ...(audit.length > 0 ? [COVERAGE_RULE] : [])],
    trailFilterPattern: cloudTrail.some((t) => t.eventNames.length > 0) ? cloudTrailFilterPattern(cloudTrail) : null,
  };
}
