// Coverage: a cluster created after the deploy has a new `/aws/eks/<cluster>/cluster` log group
// and no subscription. An EventBridge rule on CloudTrail's CreateLogGroup for such groups brings
// the event to the cloudtrail function, which subscribes the group with the auditor's filter.
import { clusterFromLogGroup } from "../core/log-group.ts";
import type { NormalizedEvent } from "../types.ts";
import type { GeneratedEventRule } from "./event-patterns.ts";

export const CLUSTER_LOG_GROUP_GLOB = "/aws/eks/*/cluster";

/** The name of the auditor's subscription filter on every cluster log group of a stage. */
export const auditorFilterName = (stage: string): string => `cni-auditor-${stage}`;

export const COVERAGE_RULE: GeneratedEventRule = {
  name: "coverage-succeeded",
  state: "ENABLED",
  pattern: {
    source: ["aws.logs"],
    "detail-type": ["AWS API Call via CloudTrail"],
    detail: {
      eventSource: ["logs.amazonaws.com"],
      eventName: ["CreateLogGroup"],
      errorCode: [{ exists: false }],
      requestParameters: { logGroupName: [{ wildcard: CLUSTER_LOG_GROUP_GLOB }] },
    },
  },
};

/** The EKS control-plane log groups these events created (each once). */
export function createdClusterLogGroups(events: readonly NormalizedEvent[]): string[] {
  const out = new Set<string>();
  for (const e of events) {
    if (e.source !== "cloudtrail") continue;
    const r = e.record;
    if (r.eventSource !== "logs.amazonaws.com" || r.eventName !== "CreateLogGroup" || r.errorCode) continue;
    const p = r.requestParameters as Record<string, unknown> | null | undefined;
    const group = typeof p?.logGroupName === "string" ? p.logGroupName : undefined;
    if (group !== undefined && clusterFromLogGroup(group) !== undefined) out.add(group);
  }
  return [...out].sort();
}
