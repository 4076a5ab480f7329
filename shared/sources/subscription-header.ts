// The fields of a CloudWatch Logs subscription payload around its log events: what kind of
// batch it is, where its events come from, and the batch id that survives redelivery.
import type { DecodeContext } from "./context.ts";
import { clusterFromLogGroup } from "./cluster.ts";
import { REGION_NAME } from "../core/region.ts";
import { digest, typeName, type JsonObject } from "./json.ts";
import type { Placement } from "../types.ts";

const AUDIT_STREAM_PREFIX = "kube-apiserver-audit-";

/**
 * A trail's log stream in CloudWatch Logs: `<account>_CloudTrail_<region>`, an organization
 * trail's `o-<org id>_<account>_CloudTrail_<region>`, either possibly with a `_<n>` suffix.
 */
const CLOUDTRAIL_STREAM = new RegExp(`^(?:o-[a-z0-9]{10,32}_)?\\d{12}_CloudTrail_${REGION_NAME}(?:_\\d+)?$`);

export function isCloudTrailStream(stream: unknown): boolean {
  return typeof stream === "string" && stream.length < 100 && CLOUDTRAIL_STREAM.test(stream);
}

/** A known stream that is not an API server audit stream (authenticator, scheduler…, a trail's). */
export function isOtherStream(stream: unknown): boolean {
  return typeof stream === "string" && stream !== "" && !stream.startsWith(AUDIT_STREAM_PREFIX);
}

export function isSubscriptionPayload(v: JsonObject): boolean {
  return "logEvents" in v && ("messageType" in v || "logGroup" in v);
}

export type Header =
  | { ok: false; reason: string }
  | { ok: true; kind: "data" | "control" | "cloudtrail-stream" | "other-stream"; group: string; stream: string; placement: Placement };

/** Reads everything but `logEvents` (its shape is the caller's). */
export function readHeader(ctx: DecodeContext, payload: JsonObject): Header {
  const { messageType, logGroup, logStream, owner } = payload;
  for (const [field, v] of [["messageType", messageType], ["logGroup", logGroup], ["logStream", logStream], ["owner", owner]] as const) {
    if (v !== undefined && v !== null && typeof v !== "string") return { ok: false, reason: `${field} must be a string, got ${typeName(v)}` };
  }
  const group = (logGroup as string | undefined | null) ?? "";
  const stream = (logStream as string | undefined | null) ?? "";
  const d = ctx.defaults;
  const placement: Placement = {
    cluster: clusterFromLogGroup(group) ?? d.cluster,
    account: typeof owner === "string" && owner !== "" && owner !== "CloudwatchLogs" ? owner : d.account,
    region: d.region,
  };
  const base = { ok: true as const, group, stream, placement };
  if (messageType === "CONTROL_MESSAGE") return { ...base, kind: "control" }; // a health check of the destination
  if (messageType !== undefined && messageType !== null && messageType !== "DATA_MESSAGE") {
    return { ok: false, reason: `unknown messageType ${JSON.stringify(messageType)}` };
  }
  return { ...base, kind: isCloudTrailStream(stream) ? "cloudtrail-stream" : isOtherStream(stream) ? "other-stream" : "data" };
}

/**
 * Stable across redeliveries of the same payload, whatever the order of its events. `ids`
 * holds each event's id, or `~digest(message)` for one without. Sorted in place.
 */
export function batchIdOf(group: string, stream: string, ids: string[]): string {
  if (!isSorted(ids)) ids.sort();
  return `cwl:${digest(`${group}\n${stream}\n${ids.join("\n")}`)}`;
}

// CloudWatch Logs ids grow within a payload, so the sort is usually a check.
function isSorted(xs: readonly string[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i - 1]! > xs[i]!) return false;
  return true;
}
