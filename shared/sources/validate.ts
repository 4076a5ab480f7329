// Type checks for the fields rules read. Table-driven over fixed paths (no recursion into
// the record), so a hostile or deeply nested record cannot blow the stack. Unknown extra
// fields pass; a field that is null counts as absent and is removed, so rules only ever see
// the declared types.
import { isObject, typeName, type JsonObject } from "./json.ts";

type Kind = "string" | "number" | "boolean" | "object" | "object|null" | "string[]" | "map<string>" | "map<string[]>";
type FieldSpec = readonly [path: string, kind: Kind];
interface CompiledSpec {
  path: string;
  parent: string[];
  key: string;
  kind: Kind;
}

function compile(specs: readonly FieldSpec[]): CompiledSpec[] {
  return specs.map(([path, kind]) => {
    const parts = path.split(".");
    return { path, kind, key: parts.pop()!, parent: parts };
  });
}

const AUDIT = compile([
  ["kind", "string"], ["apiVersion", "string"], ["level", "string"], ["auditID", "string"],
  ["stage", "string"], ["requestURI", "string"], ["verb", "string"], ["userAgent", "string"],
  ["user", "object"], ["user.username", "string"], ["user.uid", "string"],
  ["user.groups", "string[]"], ["user.extra", "map<string[]>"],
  ["impersonatedUser", "object"], ["impersonatedUser.username", "string"],
  ["sourceIPs", "string[]"],
  ["objectRef", "object"], ["objectRef.resource", "string"], ["objectRef.namespace", "string"],
  ["objectRef.name", "string"], ["objectRef.uid", "string"], ["objectRef.apiGroup", "string"],
  ["objectRef.apiVersion", "string"], ["objectRef.resourceVersion", "string"],
  ["objectRef.subresource", "string"],
  ["responseStatus", "object"], ["responseStatus.code", "number"], ["responseStatus.status", "string"],
  ["responseStatus.reason", "string"], ["responseStatus.message", "string"],
  ["requestReceivedTimestamp", "string"], ["stageTimestamp", "string"],
  ["annotations", "map<string>"],
]);

const CLOUDTRAIL = compile([
  ["eventVersion", "string"], ["eventTime", "string"], ["eventSource", "string"], ["eventName", "string"],
  ["awsRegion", "string"], ["sourceIPAddress", "string"], ["userAgent", "string"],
  ["errorCode", "string"], ["errorMessage", "string"], ["requestID", "string"], ["eventID", "string"],
  ["eventType", "string"], ["recipientAccountId", "string"], ["readOnly", "boolean"],
  ["requestParameters", "object|null"], ["responseElements", "object|null"],
  ["additionalEventData", "object"],
  ["userIdentity", "object"], ["userIdentity.type", "string"], ["userIdentity.principalId", "string"],
  ["userIdentity.arn", "string"], ["userIdentity.accountId", "string"], ["userIdentity.invokedBy", "string"],
  ["userIdentity.sessionContext", "object"],
  ["userIdentity.sessionContext.sessionIssuer", "object"],
  ["userIdentity.sessionContext.sessionIssuer.type", "string"],
  ["userIdentity.sessionContext.sessionIssuer.arn", "string"],
  ["userIdentity.sessionContext.sessionIssuer.userName", "string"],
  ["userIdentity.sessionContext.sessionIssuer.accountId", "string"],
  ["userIdentity.sessionContext.webIdFederationData", "object"],
  ["userIdentity.sessionContext.webIdFederationData.federatedProvider", "string"],
  ["userIdentity.sessionContext.webIdFederationData.attributes", "object"],
  ["userIdentity.sessionContext.attributes", "object"],
  ["userIdentity.sessionContext.ec2RoleDelivery", "string"],
]);

const ARTICLE: Record<string, string> = { object: "an object", array: "an array" };
const a = (kind: string): string => ARTICLE[kind] ?? `a ${kind}`;

/** Why `value` is not of `kind` at `path`, or undefined when it is. */
function mismatch(path: string, kind: Kind, value: unknown): string | undefined {
  switch (kind) {
    case "string":
    case "number":
    case "boolean":
      return typeof value === kind ? undefined : `${path} must be ${a(kind)}, got ${typeName(value)}`;
    case "object":
    case "object|null":
      return isObject(value) ? undefined : `${path} must be an object, got ${typeName(value)}`;
    case "string[]": {
      if (!Array.isArray(value)) return `${path} must be an array of strings, got ${typeName(value)}`;
      for (let i = 0; i < value.length; i++) {
        if (typeof value[i] !== "string") return `${path}[${i}] must be a string, got ${typeName(value[i])}`;
      }
      return undefined;
    }
    case "map<string>":
    case "map<string[]>": {
      if (!isObject(value)) return `${path} must be an object, got ${typeName(value)}`;
      const inner = kind === "map<string>" ? "string" : "string[]";
      for (const k in value) {
        const why = mismatch(`${path}[${JSON.stringify(k)}]`, inner, value[k]);
        if (why) return why;
      }
      return undefined;
    }
  }
}

function check(record: JsonObject, specs: readonly CompiledSpec[]): string | undefined {
  for (const spec of specs) {
    let parent: unknown = record;
    for (const step of spec.parent) parent = isObject(parent) ? parent[step] : undefined;
    // A parent that is absent (or was null and removed) has no children to check.
    if (!isObject(parent) || !(spec.key in parent)) continue;
    const value = parent[spec.key];
    if (value === undefined) continue;
    if (value === null) {
      if (spec.kind !== "object|null") delete parent[spec.key];
      continue;
    }
    const why = mismatch(spec.path, spec.kind, value);
    if (why) return why;
  }
  return undefined;
}

export const checkAuditFields = (record: JsonObject): string | undefined => check(record, AUDIT);
export const checkCloudTrailFields = (record: JsonObject): string | undefined => check(record, CLOUDTRAIL);
