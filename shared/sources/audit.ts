// Kubernetes audit events → AuditEvent.
import { reject, shown, type DecodeContext } from "./context.ts";
import { contentHash, isObject, typeName } from "./json.ts";
import { parseRfc3339 } from "./time.ts";
import { checkAuditFields } from "./validate.ts";
import type { K8sAuditRecord, Placement } from "../types.ts";

/** What the carrier (a log event, a file) adds to an audit record. */
export interface AuditCarrier {
  placement: Placement;
  /** The log event id, for records without an auditID. */
  logEventId?: string | undefined;
  /** The log event timestamp, for records without their own times. */
  logEventTimeMs?: number | undefined;
}

export function normalizeAudit(ctx: DecodeContext, value: unknown, position: string, carrier: AuditCarrier): void {
  if (!isObject(value)) return reject(ctx, position, `expected an audit event object, got ${typeName(value)}`);
  const bad = checkAuditFields(value);
  if (bad) return reject(ctx, position, bad);
  const record = value as K8sAuditRecord;
  if (record.auditID === undefined && record.verb === undefined) {
    return reject(ctx, position, "an audit event needs auditID or verb; it has neither");
  }
  const time = auditTime(record, carrier.logEventTimeMs);
  if (typeof time === "string") return reject(ctx, position, time);
  const recordId = auditRecordId(record, carrier.logEventId);
  if (recordId === undefined) return reject(ctx, position, "record nests too deeply to identify (no auditID)");
  ctx.events.push({
    source: "audit",
    recordId,
    fingerprint: auditFingerprint(record),
    timeMs: time,
    cluster: carrier.placement.cluster,
    account: carrier.placement.account,
    region: carrier.placement.region,
    origin: { file: ctx.file, position: shown(position) },
    record,
  });
}

/** stageTimestamp ?? requestReceivedTimestamp ?? the log event's time; a reason when none works. */
function auditTime(record: K8sAuditRecord, logEventTimeMs: number | undefined): number | string {
  for (const field of ["stageTimestamp", "requestReceivedTimestamp"] as const) {
    const s = record[field];
    if (s === undefined) continue;
    const ms = parseRfc3339(s);
    return ms ?? `${field} is not an RFC 3339 time: ${JSON.stringify(s.slice(0, 64))}`;
  }
  return logEventTimeMs ?? "an audit event needs stageTimestamp or requestReceivedTimestamp; it has neither";
}

/**
 * kube-apiserver copies a client's `Audit-ID` header into auditID as is, so auditID + stage is
 * not proof of sameness: two records are one only when these fields match too.
 */
function auditFingerprint(r: K8sAuditRecord): string {
  return contentHash([r.verb, r.requestURI, r.user, r.impersonatedUser, r.requestReceivedTimestamp, r.stageTimestamp]) ?? "deep";
}

/** Stages of one request are separate records: auditID + stage. */
function auditRecordId(record: K8sAuditRecord, logEventId: string | undefined): string | undefined {
  if (record.auditID) return `audit:${record.auditID}:${record.stage ?? ""}`;
  if (logEventId) return `cwl:${logEventId}`;
  const hash = contentHash(record);
  return hash === undefined ? undefined : `audit-hash:${hash}`;
}
