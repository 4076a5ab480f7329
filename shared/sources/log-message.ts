// One CloudWatch Logs log event whose message should be an audit event: checked, prefiltered
// and parsed the same way whether the payload was parsed whole or scanned (fast-payload.ts).
import { mayBeCloudTrailMessage } from "../prefilter/cloudtrail-message.ts";
import { reject, type DecodeContext } from "./context.ts";
import { normalizeAudit } from "./audit.ts";
import { decodeCloudTrailValue } from "./cloudtrail.ts";
import { detectShape } from "./detect.ts";
import { isObject, parseJson, typeName } from "./json.ts";
import type { Placement } from "../types.ts";

/** The largest |epoch ms| a Date can hold (ECMA-262 time values). */
const MAX_TIME_MS = 8.64e15;

/**
 * `expect`: "audit" for an audit stream (the message prefilter applies; a message with a
 * CloudTrail record's own fields is still read as one), "cloudtrail" for a trail's stream.
 */
export function decodeLogMessage(
  ctx: DecodeContext,
  logEvent: unknown,
  position: string,
  placement: Placement,
  idKey: "id" | "eventId",
  expect: "audit" | "cloudtrail" = "audit",
): void {
  if (!isObject(logEvent)) return reject(ctx, position, `expected a log event object, got ${typeName(logEvent)}`);
  const { message, timestamp } = logEvent;
  const id = logEvent[idKey];
  if (typeof message !== "string") return reject(ctx, position, `message must be a string, got ${typeName(message)}`);
  // The prefilter knows the audit rules only; a CloudTrail record here is read as one (below).
  if (expect === "audit" && ctx.keepAuditMessage && !ctx.keepAuditMessage(message) && !mayBeCloudTrailMessage(message)) {
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
  const value = parsed.value;
  if (expect === "cloudtrail" || (isObject(value) && detectShape(value) === "cloudtrail-record")) {
    return decodeCloudTrailValue(ctx, value, position, { account: placement.account ?? undefined, region: placement.region ?? undefined });
  }
  normalizeAudit(ctx, value, position, { placement, logEventId: id, logEventTimeMs: timestamp });
}
