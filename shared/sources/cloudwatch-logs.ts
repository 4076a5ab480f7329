// CloudWatch Logs carriers of audit events: the subscription's Lambda event
// `{"awslogs":{"data":base64(gzip(json))}}`, the decoded payload, and
// `aws logs filter-log-events` output. This is the hot path: the payload is decoded and
// parsed once, and each message is prefiltered as a raw string before its own JSON.parse.
import { isAscii } from "node:buffer";
import { at, reject, type DecodeContext } from "./context.ts";
import { normalizeAudit } from "./audit.ts";
import { clusterFromLogGroup } from "./cluster.ts";
import { decodeBase64, gunzip, isGzip } from "./gzip.ts";
import { digest, isObject, parseJson, someKeys, typeName, type JsonObject } from "./json.ts";
import type { Placement } from "../types.ts";

const AUDIT_STREAM_PREFIX = "kube-apiserver-audit-";
/** The largest |epoch ms| a Date can hold (ECMA-262 time values). */
const MAX_TIME_MS = 8.64e15;

/** A known stream that is not an API server audit stream (authenticator, scheduler…). */
function isOtherStream(stream: unknown): boolean {
  return typeof stream === "string" && stream !== "" && !stream.startsWith(AUDIT_STREAM_PREFIX);
}

export function isSubscriptionPayload(v: JsonObject): boolean {
  return "logEvents" in v && ("messageType" in v || "logGroup" in v);
}

/** `{"awslogs":{"data":…}}`; returns the payload's batch id, or null when undecodable. */
export function decodeAwslogsEvent(ctx: DecodeContext, event: JsonObject, prefix: string): string | null {
  const awslogs = event.awslogs;
  const data = isObject(awslogs) ? awslogs.data : undefined;
  if (typeof data !== "string") {
    const why = isObject(awslogs) ? `awslogs.data must be a string, got ${typeName(data)}` : `awslogs must be an object, got ${typeName(awslogs)}`;
    reject(ctx, prefix, why);
    return null;
  }
  const bytes = decodeBase64(data);
  if (!bytes) return fail(ctx, prefix, "awslogs.data is not valid base64");
  if (!isGzip(bytes)) return fail(ctx, prefix, "awslogs.data is not gzip (no 1f 8b header)");
  const unzipped = gunzip(bytes, false);
  if (!unzipped.ok) return fail(ctx, prefix, `awslogs.data is bad gzip: ${unzipped.error}`);
  const parsed = parseJson(textOf(unzipped.data));
  if (!parsed.ok) return fail(ctx, prefix, `awslogs.data does not hold JSON: ${parsed.error}`);
  const payload = parsed.value;
  if (!isObject(payload) || !isSubscriptionPayload(payload)) {
    const what = isObject(payload) ? someKeys(payload) : typeName(payload);
    return fail(ctx, prefix, `awslogs.data does not hold a CloudWatch Logs payload (${what})`);
  }
  return decodeSubscriptionPayload(ctx, payload, prefix);
}

// Perf (issue 6): CloudWatch Logs payloads are almost always pure ASCII, and for ASCII a
// latin1 decode gives the same string as UTF-8 at ~35% less CPU (isAscii is one SIMD scan).
function textOf(data: Buffer): string {
  return isAscii(data) ? data.toString("latin1") : data.toString("utf8");
}

function fail(ctx: DecodeContext, position: string, reason: string): null {
  reject(ctx, position, reason);
  return null;
}

/** The decoded subscription payload; returns its batch id, or null when its shape is wrong. */
export function decodeSubscriptionPayload(ctx: DecodeContext, payload: JsonObject, prefix: string): string | null {
  const { messageType, logGroup, logStream, owner, logEvents } = payload;
  for (const [field, v] of [["messageType", messageType], ["logGroup", logGroup], ["logStream", logStream], ["owner", owner]] as const) {
    if (v !== undefined && v !== null && typeof v !== "string") return fail(ctx, prefix, `${field} must be a string, got ${typeName(v)}`);
  }
  if (!Array.isArray(logEvents)) return fail(ctx, prefix, `logEvents must be an array, got ${typeName(logEvents)}`);
  const group = (logGroup as string | undefined | null) ?? "";
  const stream = (logStream as string | undefined | null) ?? "";
  const batchId = payloadBatchId(group, stream, logEvents);
  if (messageType === "CONTROL_MESSAGE") {
    ctx.skipped++; // a health check of the destination, not data
    return batchId;
  }
  if (messageType !== undefined && messageType !== null && messageType !== "DATA_MESSAGE") {
    return fail(ctx, prefix, `unknown messageType ${JSON.stringify(messageType)}`);
  }
  if (isOtherStream(stream)) {
    ctx.skipped += logEvents.length;
    return batchId;
  }
  const d = ctx.defaults;
  const placement: Placement = {
    cluster: clusterFromLogGroup(group) ?? d.cluster,
    account: typeof owner === "string" && owner !== "" && owner !== "CloudwatchLogs" ? owner : d.account,
    region: d.region,
  };
  for (let i = 0; i < logEvents.length; i++) {
    decodeLogMessage(ctx, logEvents[i], at(prefix, `logEvent ${i + 1}`), placement, "id");
  }
  return batchId;
}

/** Stable across redeliveries of the same payload, whatever the order of its events. */
function payloadBatchId(group: string, stream: string, logEvents: unknown[]): string {
  const ids = logEvents.map((e) => {
    const id = isObject(e) ? e.id : undefined;
    if (typeof id === "string" && id !== "") return id;
    const message = isObject(e) ? e.message : undefined;
    return `~${digest(typeof message === "string" ? message : typeName(message))}`;
  });
  ids.sort();
  return `cwl:${digest(`${group}\n${stream}\n${ids.join("\n")}`)}`;
}

/** `aws logs filter-log-events` (or get-log-events) output. It names streams, not the group. */
export function decodeLogEventsOutput(ctx: DecodeContext, output: JsonObject, prefix: string): void {
  const events = output.events;
  if (!Array.isArray(events)) return reject(ctx, prefix, `events must be an array, got ${typeName(events)}`);
  for (let i = 0; i < events.length; i++) {
    const e: unknown = events[i];
    if (isObject(e) && isOtherStream(e.logStreamName)) ctx.skipped++;
    else decodeLogMessage(ctx, e, at(prefix, `events[${i}]`), ctx.defaults, "eventId");
  }
}

/** One log event whose message should be an audit event. */
function decodeLogMessage(ctx: DecodeContext, logEvent: unknown, position: string, placement: Placement, idKey: "id" | "eventId"): void {
  if (!isObject(logEvent)) return reject(ctx, position, `expected a log event object, got ${typeName(logEvent)}`);
  const { message, timestamp } = logEvent;
  const id = logEvent[idKey];
  if (typeof message !== "string") return reject(ctx, position, `message must be a string, got ${typeName(message)}`);
  if (ctx.keepAuditMessage && !ctx.keepAuditMessage(message)) {
    ctx.filtered++;
    return;
  }
  if (id !== undefined && typeof id !== "string") return reject(ctx, position, `${idKey} must be a string, got ${typeName(id)}`);
  if (timestamp !== undefined && typeof timestamp !== "number") {
    return reject(ctx, position, `timestamp must be a number, got ${typeName(timestamp)}`);
  }
  // JSON reads 1e400 as Infinity; a time outside Date's range would throw when rendered.
  if (timestamp !== undefined && !(Math.abs(timestamp) <= MAX_TIME_MS)) {
    return reject(ctx, position, `timestamp is not a time in epoch milliseconds: ${timestamp}`);
  }
  const parsed = parseJson(message);
  if (!parsed.ok) return reject(ctx, position, `message is not JSON: ${parsed.error}`);
  normalizeAudit(ctx, parsed.value, position, { placement, logEventId: id, logEventTimeMs: timestamp });
}
