import type { NormalizedEvent } from "../types.ts";
import { addonNameOf } from "./addon-request.ts";
import { awsNodeAssociationChange, cloudTrailPlacement } from "./predicates.ts";
import { addonStateKey } from "./rule.ts";

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
    const readsCni =
      named !== null || source === "sts.amazonaws.com" || source === "eks-auth.amazonaws.com" || awsNodeAssociationChange(event.record) !== undefined;
    if (!readsCni) continue;
    const where = cloudTrailPlacement(event);
    for (const addon of named !== null ? [named, "vpc-cni"] : ["vpc-cni"]) {
      keys.add(addonStateKey(where.account, where.region, where.cluster, addon));
    }
  }
  return [...keys];
}
