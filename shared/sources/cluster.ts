// Where a record names its cluster (DESIGN "Cluster"): the EKS log group, the EKS request,
// or the VPC CNI's ENI tag. Pod Identity session names are truncated: never parsed.
import { isObject } from "./json.ts";
import type { CloudTrailRecord } from "../types.ts";

const LOG_GROUP = /^\/aws\/eks\/([^/]+)\/cluster$/;

export function clusterFromLogGroup(logGroup: string | undefined): string | undefined {
  return logGroup ? LOG_GROUP.exec(logGroup)?.[1] : undefined;
}

/** APIs whose request names the cluster (`name` for eks, `clusterName` for eks and eks-auth). */
const EKS_SOURCES = new Set(["eks.amazonaws.com", "eks-auth.amazonaws.com"]);
const CNI_CLUSTER_TAG = "cluster.k8s.amazonaws.com/name";

export function clusterFromCloudTrail(record: CloudTrailRecord): string | undefined {
  const params = record.requestParameters;
  if (!isObject(params)) return undefined;
  if (record.eventSource !== undefined && EKS_SOURCES.has(record.eventSource)) {
    for (const key of ["name", "clusterName"]) {
      const v = params[key];
      if (typeof v === "string" && v !== "") return v;
    }
  }
  return clusterTag(params);
}

/** An array, or the `items` array EC2's query-API rendering wraps lists in. */
function list(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isObject(v) && Array.isArray(v.items)) return v.items;
  return [];
}

/** The CNI's cluster tag in `tagSpecificationSet.items[].tags|tag` or `tagSet.items`. */
function clusterTag(params: Record<string, unknown>): string | undefined {
  const tagLists: unknown[][] = [list(params.tagSet), list(params.tags)];
  for (const spec of list(params.tagSpecificationSet)) {
    if (isObject(spec)) tagLists.push(list(spec.tags), list(spec.tag));
  }
  for (const tags of tagLists) {
    for (const tag of tags) {
      if (!isObject(tag)) continue;
      const key = tag.key ?? tag.Key;
      const value = tag.value ?? tag.Value;
      if (key === CNI_CLUSTER_TAG && typeof value === "string" && value !== "") return value;
    }
  }
  return undefined;
}
