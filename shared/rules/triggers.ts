import type { CloudTrailRecord, K8sAuditRecord } from "../types.ts";
import type { AuditObject, AuditTrigger, CloudTrailTrigger } from "./rule.ts";

// Evaluates a rule's trigger on a record, exactly as the generated CloudWatch Logs filter
// pattern and EventBridge patterns would: the reference the generators and tests check against.

export function auditTriggerAccepts(t: AuditTrigger, r: K8sAuditRecord, extraUsers: readonly string[] = []): boolean {
  const code = r.responseStatus?.code;
  if (t.codes && (code === undefined || !t.codes.includes(code))) return false;
  if (t.codeBelow !== undefined && (typeof code !== "number" || code >= t.codeBelow)) return false;
  if (t.verbs && (r.verb === undefined || !t.verbs.includes(r.verb))) return false;
  if (t.resources && (r.objectRef?.resource === undefined || !t.resources.includes(r.objectRef.resource))) return false;
  if (t.noSubresource && r.objectRef?.subresource !== undefined) return false;
  if (t.objects && !t.objects.some((o) => objectAccepts(o, r.objectRef))) return false;
  if (t.users) {
    const users = t.usersFromConfig ? [...t.users, ...extraUsers] : t.users;
    if (r.user?.username === undefined || !users.includes(r.user.username)) return false;
  }
  return true;
}

function objectAccepts(o: AuditObject, ref: K8sAuditRecord["objectRef"]): boolean {
  if (ref?.resource === undefined || !o.resources.includes(ref.resource)) return false;
  if (o.namespace !== undefined && ref.namespace !== o.namespace) return false;
  return o.name === undefined || ref.name === undefined || ref.name === o.name;
}

/** `failed` is the presence of `errorCode`; `readOnlyCalls` is a delivery setting, not a condition. */
export function cloudTrailTriggerAccepts(t: CloudTrailTrigger, r: CloudTrailRecord): boolean {
  if (r.eventSource !== t.eventSource) return false;
  if (r.eventName === undefined || !t.eventNames.includes(r.eventName)) return false;
  const failed = typeof r.errorCode === "string" && r.errorCode !== "";
  return failed === t.failed;
}
