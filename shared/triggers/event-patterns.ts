// Generates the EventBridge rules (default bus) for the CloudTrail rules' triggers: one
// rule per (event source, failed|succeeded), so each rule's state can be chosen on its own.
// EventBridge only hands read-only management events (Describe*, List*, Get*) to rules in
// state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS; plain ENABLED would
// silently drop the CNI's failing DescribeSubnets/DescribeNetworkInterfaces calls.
import type { CloudTrailTrigger } from "../rules/rule.ts";

export type EventRuleState = "ENABLED" | "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS";

export interface CloudTrailEventPattern {
  source: string[];
  "detail-type": ["AWS API Call via CloudTrail"];
  detail: {
    eventSource: string[];
    eventName: string[];
    errorCode: [{ exists: boolean }];
    /** Narrows a rule to some requests (the coverage rule: new EKS control-plane log groups). */
    requestParameters?: Record<string, Array<{ wildcard: string }>>;
  };
}

export interface GeneratedEventRule {
  /** Stable, short, resource-name safe: `<service>-failed` / `<service>-succeeded`. */
  name: string;
  state: EventRuleState;
  pattern: CloudTrailEventPattern;
}

/** Names of read-only calls by AWS convention; a trigger can also say `readOnlyCalls`. */
const READ_ONLY_NAME = /^(Describe|List|Get)[A-Z]|^AssumeRole/;

export function cloudTrailEventPatterns(triggers: readonly CloudTrailTrigger[]): GeneratedEventRule[] {
  const groups = new Map<string, { service: string; source: string; failed: boolean; names: Set<string>; readOnly: boolean }>();
  for (const t of triggers) {
    const service = serviceOf(t.eventSource);
    const key = `${t.eventSource}|${t.failed}`;
    const g = groups.get(key) ?? { service, source: t.eventSource, failed: t.failed, names: new Set<string>(), readOnly: false };
    for (const n of t.eventNames) {
      if (!/^[A-Za-z0-9]+$/.test(n)) throw new Error(`cloudTrailEventPatterns: bad event name ${JSON.stringify(n)}`);
      g.names.add(n);
    }
    g.readOnly ||= Boolean(t.readOnlyCalls) || t.eventNames.some((n) => READ_ONLY_NAME.test(n));
    groups.set(key, g);
  }
  const perService: GeneratedEventRule[] = [...groups.values()]
    .filter((g) => g.names.size > 0)
    .sort((a, b) => a.service.localeCompare(b.service) || Number(b.failed) - Number(a.failed))
    .map((g) => ({
      name: `${g.service}-${g.failed ? "failed" : "succeeded"}`,
      state: g.readOnly ? "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" : "ENABLED",
      pattern: {
        source: [`aws.${g.service}`],
        "detail-type": ["AWS API Call via CloudTrail"],
        detail: {
          eventSource: [g.source],
          eventName: [...g.names].sort(),
          errorCode: [{ exists: g.failed }],
        },
      },
    }));
  const watchdog = watchdogRule(triggers);
  return watchdog ? [...perService, watchdog] : perService;
}

/**
 * One more rule that carries every watchdog trigger (calls that blind the auditor) across
 * services. The events of a deleted rule cannot reach that rule: with the watchdog beside the
 * per-service rules, deleting or disabling either one is still delivered by the other.
 */
function watchdogRule(triggers: readonly CloudTrailTrigger[]): GeneratedEventRule | undefined {
  const marked = triggers.filter((t) => t.watchdog && !t.failed && t.eventNames.length > 0);
  if (marked.length === 0) return undefined;
  const sources = [...new Set(marked.map((t) => t.eventSource))].sort();
  return {
    name: "watchdog-succeeded",
    state: "ENABLED" as const,
    pattern: {
      source: sources.map((s) => `aws.${serviceOf(s)}`),
      "detail-type": ["AWS API Call via CloudTrail"],
      detail: {
        eventSource: sources,
        eventName: [...new Set(marked.flatMap((t) => t.eventNames))].sort(),
        errorCode: [{ exists: false }],
      },
    },
  };
}

/** `ec2.amazonaws.com` → `ec2`; the EventBridge source of CloudTrail events is `aws.<service>`. */
export function serviceOf(eventSource: string): string {
  const m = /^([a-z0-9-]+)\.amazonaws\.com$/.exec(eventSource);
  if (!m) throw new Error(`cloudTrailEventPatterns: unexpected eventSource ${JSON.stringify(eventSource)}`);
  return m[1]!;
}
