// EventBridge envelopes `{version,id,"detail-type",source,account,time,region,resources,detail}`.
import { reject, skip, type DecodeContext } from "./context.ts";
import { normalizeCloudTrail } from "./cloudtrail.ts";
import { isObject, typeName, type JsonObject } from "./json.ts";

const ENVELOPE_STRINGS = ["id", "detail-type", "source", "account", "region", "time"] as const;

/** Decodes one envelope; returns its id (the delivery's batch id), or null when rejected. */
export function decodeEnvelope(ctx: DecodeContext, envelope: JsonObject, position: string): string | null {
  for (const field of ENVELOPE_STRINGS) {
    const v = envelope[field];
    if (v !== undefined && v !== null && typeof v !== "string") {
      reject(ctx, position, `${field} must be a string, got ${typeName(v)}`);
      return null;
    }
  }
  const detail = envelope.detail;
  if (!isObject(detail)) {
    reject(ctx, position, `detail must be an object, got ${typeName(detail)}`);
    return null;
  }
  const id = (envelope.id as string | undefined) ?? undefined;
  if (!("eventSource" in detail || "eventName" in detail || "eventID" in detail)) {
    // A native service event ("EKS Addon Update Succeeded"…), not a CloudTrail API call.
    skip(ctx, "service-event");
    return id ?? null;
  }
  const before = ctx.rejections.length;
  normalizeCloudTrail(ctx, detail, position, {
    id,
    account: (envelope.account as string | undefined) ?? undefined,
    region: (envelope.region as string | undefined) ?? undefined,
  });
  return ctx.rejections.length === before ? (id ?? null) : null;
}
