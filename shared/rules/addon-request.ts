import type { CloudTrailRecord } from "../types.ts";
import { isObject } from "../core/object.ts";
import { strField } from "./predicates.ts";

// Reading EKS add-on calls (CreateAddon / UpdateAddon / DeleteAddon) from CloudTrail records.

export const TRACKED_ADDONS: readonly string[] = ["vpc-cni", "eks-pod-identity-agent", "kube-proxy", "coredns"];

export function addonNameOf(r: CloudTrailRecord): string | null {
  return strField(r.requestParameters, "addonName");
}

function updateParam(r: CloudTrailRecord, type: string): string | null {
  const update = isObject(r.responseElements) ? r.responseElements.update : undefined;
  const params = isObject(update) && Array.isArray(update.params) ? update.params : [];
  const p = params.find((x) => strField(x, "type") === type);
  return p === undefined ? null : (strField(p, "value") ?? null);
}

/** The version asked for, else the one EKS reports (CreateAddon's `addon`, UpdateAddon's params). */
export function requestedVersion(r: CloudTrailRecord): string | null {
  const asked = strField(r.requestParameters, "addonVersion");
  if (asked) return asked;
  const addon = isObject(r.responseElements) ? r.responseElements.addon : undefined;
  return strField(addon, "addonVersion") ?? updateParam(r, "AddonVersion");
}

/** `configurationValues` as sent (a JSON string, sometimes an object); undefined when the call did not set it. */
export function requestedConfiguration(r: CloudTrailRecord): string | Record<string, unknown> | undefined {
  const p = r.requestParameters;
  if (isObject(p)) {
    const v = p.configurationValues;
    if (typeof v === "string" || isObject(v)) return v;
  }
  return updateParam(r, "ConfigurationValues") ?? undefined;
}

/** Pod Identity associations in the request; undefined when not sent ([] deletes them). */
export function requestedPodIdentityRoles(r: CloudTrailRecord): string[] | undefined {
  const v = isObject(r.requestParameters) ? r.requestParameters.podIdentityAssociations : undefined;
  if (!Array.isArray(v)) return undefined;
  return v.map((a) => strField(a, "roleArn") ?? "?");
}

/** DeleteAddon's `preserve`: boolean or "true"/"false"; absent means the API default, false. */
export function preserveOf(r: CloudTrailRecord): boolean {
  const v = isObject(r.requestParameters) ? r.requestParameters.preserve : undefined;
  return v === true || (typeof v === "string" && v.trim().toLowerCase() === "true");
}

/** "role/session" of the caller, as people read it (`AWSReservedSSO_Dev_abc/dev@example.com`). */
export function actorName(r: CloudTrailRecord): string | null {
  const arn = r.userIdentity?.arn;
  if (!arn) return null;
  if (arn.length > 2048) return arn; // not an ARN; `(.+)$` would backtrack quadratically on it
  const m = /:assumed-role\/(.+)$/.exec(arn) ?? /:(?:user|role)\/(.+)$/.exec(arn);
  return m?.[1] ?? arn;
}
