// Which cluster an event is from: the EKS log group, the EKS request, or the VPC CNI's ENI
// tag; else the placement the caller gave (`--cluster`, none in Lambda). Decided here once,
// when the event is decoded; rules read `event.cluster`. Pod Identity session names are
// truncated: never parsed.
import { clusterFromLogGroup } from "../core/log-group.ts";
import { isObject } from "../core/object.ts";
import type { CloudTrailRecord } from "../types.ts";

export { clusterFromLogGroup };

/** Request fields that name the cluster, per API (EKS: `name` of cluster calls; eks-auth: `clusterName`). */
const NAME_KEYS: ReadonlyMap<string, readonly string[]> = new Map([
  ["eks.amazonaws.com", ["name", "clusterName"]],
  ["eks-auth.amazonaws.com", ["clusterName", "name"]],
]);
const CNI_CLUSTER_TAG = "cluster.k8s.amazonaws.com/name";
/** `tagSpecificationSet.items[].tags[]` is five levels down; EC2 nests no tag deeper. */
const TAG_DEPTH = 6;

export function clusterFromCloudTrail(record: CloudTrailRecord): string | undefined {
  const params = record.requestParameters;
  if (!isObject(params)) return undefined;
  // A Map, not an object: the event source is the caller's text ("__proto__" must name nothing).
  for (const key of NAME_KEYS.get(record.eventSource ?? "") ?? []) {
    const v = params[key];
    if (typeof v === "string" && v !== "") return v;
  }
  return clusterTag(params, 0);
}

/** The CNI's cluster tag (`{key, value}` or `{Key, Value}`) anywhere in the request, first found. */
function clusterTag(v: unknown, depth: number): string | undefined {
  if (depth > TAG_DEPTH || typeof v !== "object" || v === null) return undefined;
  if (Array.isArray(v)) {
    for (const x of v) {
      const found = clusterTag(x, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  const tag = v as Record<string, unknown>;
  const value = tag.value ?? tag.Value;
  if ((tag.key ?? tag.Key) === CNI_CLUSTER_TAG && typeof value === "string" && value !== "") return value;
  for (const x of Object.values(tag)) {
    const found = clusterTag(x, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
