// CloudTrail records → CloudTrailEvent; plus the containers that carry them: log files
// `{"Records":[…]}` and `aws cloudtrail lookup-events` output `{"Events":[{CloudTrailEvent}]}`.
import { at, reject, shown, skip, type DecodeContext } from "./context.ts";
import { clusterFromCloudTrail } from "./cluster.ts";
import { contentHash, isObject, parseJson, typeName, type JsonObject } from "./json.ts";
import { parseRfc3339 } from "./time.ts";
import { checkCloudTrailFields } from "./validate.ts";
import type { CloudTrailRecord } from "../types.ts";

/** What an EventBridge envelope adds: its id (dedup fallback), account and region. */
export interface Envelope {
  id?: string | undefined;
  account?: string | undefined;
  region?: string | undefined;
}

export function normalizeCloudTrail(ctx: DecodeContext, value: unknown, position: string, envelope: Envelope = {}): void {
  if (!isObject(value)) return reject(ctx, position, `expected a CloudTrail record object, got ${typeName(value)}`);
  const bad = checkCloudTrailFields(value);
  if (bad) return reject(ctx, position, bad);
  const record = value as CloudTrailRecord;
  for (const field of ["eventSource", "eventName", "eventTime"] as const) {
    if (record[field] === undefined) return reject(ctx, position, `a CloudTrail record needs ${field}; it is missing`);
  }
  const timeMs = parseRfc3339(record.eventTime!);
  if (timeMs === undefined) {
    return reject(ctx, position, `eventTime is not an RFC 3339 time: ${JSON.stringify(record.eventTime!.slice(0, 64))}`);
  }
  const recordId = cloudTrailRecordId(record, envelope);
  if (recordId === undefined) return reject(ctx, position, "record nests too deeply to identify (no eventID)");
  const d = ctx.defaults;
  ctx.events.push({
    source: "cloudtrail",
    recordId,
    fingerprint: cloudTrailFingerprint(record),
    timeMs,
    cluster: clusterFromCloudTrail(record) ?? d.cluster,
    account: record.recipientAccountId || record.userIdentity?.accountId || envelope.account || d.account,
    region: record.awsRegion || envelope.region || d.region,
    origin: { file: ctx.file, position: shown(position) },
    record,
  });
}

/**
 * What a redelivery of a CloudTrail record repeats (S3 file, EventBridge detail, lookup-events and
 * CloudWatch Logs carry the same JSON): a replay can mix sources, so an eventID alone is not proof.
 */
function cloudTrailFingerprint(r: CloudTrailRecord): string {
  const u = r.userIdentity;
  return (
    contentHash([r.eventSource, r.eventName, r.eventTime, u?.arn, u?.principalId, u?.accountId, r.errorCode, r.sourceIPAddress, r.requestID, r.recipientAccountId, r.awsRegion]) ??
    "deep"
  );
}

/** eventID first, so one call seen in a Records file and via EventBridge is one record. */
function cloudTrailRecordId(record: CloudTrailRecord, envelope: Envelope): string | undefined {
  if (record.eventID) return `ct:${record.eventID}`;
  if (envelope.id) return `eb:${envelope.id}`;
  const hash = contentHash(record);
  return hash === undefined ? undefined : `ct-hash:${hash}`;
}

/** A CloudTrail Insights record (unusual API activity, not an API call): `eventCategory` "Insight". */
export function isInsightRecord(v: unknown): boolean {
  return isObject(v) && (v.eventCategory === "Insight" || v.eventType === "AwsCloudTrailInsight" || "insightDetails" in v);
}

/** A CloudTrail record, or an Insights record (skipped, not an event for the rules). */
export function decodeCloudTrailValue(ctx: DecodeContext, value: unknown, position: string, envelope: Envelope = {}): void {
  if (isInsightRecord(value)) return skip(ctx, "cloudtrail-insight");
  normalizeCloudTrail(ctx, value, position, envelope);
}

/** `{"Records":[…]}`, as CloudTrail stores log files in S3. */
export function decodeRecordsFile(ctx: DecodeContext, file: JsonObject, prefix: string): void {
  const records = file.Records;
  if (!Array.isArray(records)) return reject(ctx, prefix, `Records must be an array, got ${typeName(records)}`);
  for (let i = 0; i < records.length; i++) decodeCloudTrailValue(ctx, records[i], at(prefix, `Records[${i}]`));
}

/** `aws cloudtrail lookup-events` output: each entry carries the record as a JSON string. */
export function decodeLookupEvents(ctx: DecodeContext, output: JsonObject, prefix: string): void {
  const entries = output.Events;
  if (!Array.isArray(entries)) return reject(ctx, prefix, `Events must be an array, got ${typeName(entries)}`);
  for (let i = 0; i < entries.length; i++) {
    const position = at(prefix, `Events[${i}]`);
    const entry: unknown = entries[i];
    if (!isObject(entry)) {
      reject(ctx, position, `expected a lookup-events entry object, got ${typeName(entry)}`);
      continue;
    }
    const embedded = entry.CloudTrailEvent;
    if (isObject(embedded)) {
      decodeCloudTrailValue(ctx, embedded, position);
      continue;
    }
    // lookup-events --event-category insight lists Insights events without CloudTrailEvent.
    if (embedded === undefined && isInsightRecord(entry)) {
      skip(ctx, "cloudtrail-insight");
      continue;
    }
    if (typeof embedded !== "string") {
      reject(ctx, position, `CloudTrailEvent must be a JSON string, got ${typeName(embedded)}`);
      continue;
    }
    const parsed = parseJson(embedded);
    if (parsed.ok) decodeCloudTrailValue(ctx, parsed.value, position);
    else reject(ctx, position, `CloudTrailEvent is not JSON: ${parsed.error}`);
  }
}
