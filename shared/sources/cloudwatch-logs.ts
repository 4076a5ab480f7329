// CloudWatch Logs carriers of audit events and CloudTrail records (a trail logging to a log
// group): the subscription's Lambda event `{"awslogs":{"data":base64(gzip(json))}}`, the decoded
// payload, and `aws logs filter-log-events` / `get-log-events` output. The Lambda event is the hot path: its text is scanned
// (fast-payload.ts) when a candidate scan is set, and parsed whole otherwise or when the scan
// does not recognise the layout.
import { isAscii } from "node:buffer";
import { at, reject, skip, type DecodeContext } from "./context.ts";
import { decodePayloadBytes } from "./fast-payload.ts";
import { decodeBase64, gunzipMember, isGzip } from "./gzip.ts";
import { digest, isObject, parseJson, someKeys, typeName, type JsonObject } from "./json.ts";
import { decodeLogMessage } from "./log-message.ts";
import { batchIdOf, isCloudTrailStream, isOtherStream, isSubscriptionPayload, readHeader } from "./subscription-header.ts";
import type { Placement } from "../types.ts";

export { isSubscriptionPayload } from "./subscription-header.ts";

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
  const unzipped = gunzipMember(bytes);
  if (!unzipped.ok) return fail(ctx, prefix, unzipped.tooLarge ? `awslogs.data ${unzipped.error}` : `awslogs.data is bad gzip: ${unzipped.error}`);
  const scanned = decodePayloadBytes(ctx, unzipped.data, prefix);
  if (scanned !== undefined) return scanned;
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
  const header = readHeader(ctx, payload);
  if (!header.ok) return fail(ctx, prefix, header.reason);
  const logEvents = payload.logEvents;
  if (!Array.isArray(logEvents)) return fail(ctx, prefix, `logEvents must be an array, got ${typeName(logEvents)}`);
  const batchId = batchIdOf(header.group, header.stream, logEvents.map(eventIdOf));
  if (header.kind === "control") skip(ctx, "control-message"); // a health check of the destination, not data
  else {
    for (let i = 0; i < logEvents.length; i++) {
      decodeLogEvent(ctx, logEvents[i], at(prefix, `logEvent ${i + 1}`), header.placement, "id", header.kind);
    }
  }
  return batchId;
}

/** A log event's id, or a digest of its message when it has none. */
function eventIdOf(e: unknown): string {
  const id = isObject(e) ? e.id : undefined;
  if (typeof id === "string" && id !== "") return id;
  const message = isObject(e) ? e.message : undefined;
  return `~${digest(typeof message === "string" ? message : typeName(message))}`;
}

/** `aws logs filter-log-events` (or get-log-events) output. It names streams, not the group. */
export function decodeLogEventsOutput(ctx: DecodeContext, output: JsonObject, prefix: string): void {
  const events = output.events;
  if (!Array.isArray(events)) return reject(ctx, prefix, `events must be an array, got ${typeName(events)}`);
  for (let i = 0; i < events.length; i++) {
    const e: unknown = events[i];
    const stream = isObject(e) ? e.logStreamName : undefined;
    const kind = isCloudTrailStream(stream) ? "cloudtrail-stream" : isOtherStream(stream) ? "other-stream" : "data";
    decodeLogEvent(ctx, e, at(prefix, `events[${i}]`), ctx.defaults, "eventId", kind);
  }
}

/**
 * One log event by the kind of its stream. A trail's stream holds CloudTrail records; in another
 * non-audit stream a message that has a CloudTrail record's own fields is one too (a stream can
 * be named anything); the rest of such streams (authenticator, scheduler…) is not for us.
 */
function decodeLogEvent(
  ctx: DecodeContext,
  e: unknown,
  position: string,
  placement: Placement,
  idKey: "id" | "eventId",
  kind: "data" | "cloudtrail-stream" | "other-stream",
): void {
  if (kind === "data") return decodeLogMessage(ctx, e, position, placement, idKey);
  const message = isObject(e) ? e.message : undefined;
  if (kind === "cloudtrail-stream" || (typeof message === "string" && looksLikeCloudTrail(message))) {
    return decodeLogMessage(ctx, e, position, placement, idKey, "cloudtrail");
  }
  skip(ctx, "other-log-stream");
}

/** Cheap: a JSON object naming the fields every CloudTrail record has. */
function looksLikeCloudTrail(message: string): boolean {
  return message.trimStart().startsWith("{") && message.includes('"eventVersion"') && message.includes('"eventSource"');
}
