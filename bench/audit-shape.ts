// Builds audit.k8s.io/v1 Events in the API server's field order and serialises them the way
// Go's encoding/json does (compact, `<`, `>`, `&` escaped as \u003c \u003e \u0026), so the
// prefilter is measured against the bytes EKS really writes — escapes included.
import type { Actor } from "./cluster-world.ts";
import type { Rng } from "./random.ts";

export interface ObjectRef {
  resource: string;
  namespace?: string;
  name?: string;
  apiGroup?: string;
  apiVersion: string;
  subresource?: string;
}

export interface Request {
  actor: Actor;
  verb: string;
  requestURI: string;
  objectRef?: ObjectRef;
  code: number;
  stage?: "ResponseStarted" | "ResponseComplete";
  level?: "Metadata" | "Request" | "RequestResponse";
  /** A Status body for failures: "new" copies message/details (≥1.23), "old" does not. */
  failure?: { reason: string; message: string; style: "new" | "old" };
  requestObject?: unknown;
  responseObject?: unknown;
  rbacReason?: string;
  extraAnnotations?: Record<string, string>;
}

/** RFC 3339 with microseconds, as the API server writes it. */
export function micros(ms: number, extraMicros: number): string {
  return new Date(ms).toISOString().replace("Z", String(extraMicros % 1000).padStart(3, "0") + "Z");
}

function sortedObject<T>(o: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k]!;
  return out;
}

export function auditEvent(rng: Rng, timeMs: number, r: Request): Record<string, unknown> {
  const decision = r.code === 403 ? "forbid" : "allow";
  const status: Record<string, unknown> = { metadata: {} };
  if (r.failure) {
    status.status = "Failure";
    if (r.failure.style === "new") status.message = r.failure.message;
    status.reason = r.failure.reason;
    if (r.failure.style === "new" && r.objectRef) {
      status.details = { name: r.objectRef.name, group: r.objectRef.apiGroup, kind: r.objectRef.resource };
    }
  }
  status.code = r.code;
  const user = { ...r.actor.user, ...(r.actor.user.extra ? { extra: sortedObject(r.actor.user.extra) } : {}) };
  const event: Record<string, unknown> = {
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: r.level ?? "Metadata",
    auditID: rng.uuid(),
    stage: r.stage ?? "ResponseComplete",
    requestURI: r.requestURI,
    verb: r.verb,
    user,
    sourceIPs: [r.actor.sourceIP],
    userAgent: r.actor.userAgent,
  };
  if (r.objectRef) event.objectRef = r.objectRef;
  event.responseStatus = status;
  if (r.requestObject !== undefined) event.requestObject = r.requestObject;
  if (r.responseObject !== undefined) event.responseObject = r.responseObject;
  const latency = 1 + rng.int(r.verb === "watch" ? 400_000 : 30);
  event.requestReceivedTimestamp = micros(timeMs - latency, rng.int(1000));
  event.stageTimestamp = micros(timeMs, rng.int(1000));
  event.annotations = sortedObject({
    "authorization.k8s.io/decision": decision,
    "authorization.k8s.io/reason": decision === "forbid" ? "" : (r.rbacReason ?? ""),
    ...r.extraAnnotations,
  });
  return event;
}

const HTML_ESCAPES: Record<string, string> = { "<": "\\u003c", ">": "\\u003e", "&": "\\u0026" };

/** Go's json.Marshal output: compact, HTML-escaped. */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&]/g, (c) => HTML_ESCAPES[c]!);
}
