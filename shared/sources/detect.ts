// Shape detection for one parsed JSON value (a whole file, one JSON Lines line, or one array
// element), and dispatch to its decoder. Detection goes by the keys present, not their types,
// so a record of a known shape with a wrong-typed field is rejected naming that field.
import { at, reject, skip, type DecodeContext } from "./context.ts";
import { normalizeAudit } from "./audit.ts";
import { decodeCloudTrailValue, decodeLookupEvents, decodeRecordsFile } from "./cloudtrail.ts";
import { decodeAwslogsEvent, decodeLogEventsOutput, decodeSubscriptionPayload, isSubscriptionPayload } from "./cloudwatch-logs.ts";
import { decodeEnvelope } from "./eventbridge.ts";
import { isObject, parseJson, someKeys, typeName, type JsonObject } from "./json.ts";

export type Shape =
  | "awslogs-event"
  | "subscription-payload"
  | "log-events-output"
  | "audit-event-list"
  | "audit-event"
  | "cloudtrail-file"
  | "lookup-events-output"
  | "eventbridge-event"
  | "cloudtrail-record"
  | "cloudtrail-digest"
  | "query-results"
  | "insights-row";

const isAuditApiVersion = (v: unknown): boolean => typeof v === "string" && v.startsWith("audit.k8s.io/");

export function detectShape(o: JsonObject): Shape | undefined {
  if ("awslogs" in o) return "awslogs-event";
  if ("digestStartTime" in o && "digestEndTime" in o) return "cloudtrail-digest";
  if ("results" in o && ("status" in o || "statistics" in o)) return "query-results";
  if ("@message" in o) return "insights-row";
  if (isSubscriptionPayload(o)) return "subscription-payload";
  if ("Records" in o) return "cloudtrail-file";
  if ("Events" in o) return "lookup-events-output";
  if ("detail" in o && ("detail-type" in o || "source" in o)) return "eventbridge-event";
  if ("eventSource" in o || "eventName" in o || ("eventVersion" in o && "eventID" in o)) return "cloudtrail-record";
  if (o.kind === "EventList" && (o.apiVersion === undefined || isAuditApiVersion(o.apiVersion))) return "audit-event-list";
  if (o.kind === "Event" || isAuditApiVersion(o.apiVersion) || "auditID" in o) return "audit-event";
  if ("verb" in o && ("requestURI" in o || "stage" in o || "objectRef" in o || "user" in o)) return "audit-event";
  if ("events" in o) return "log-events-output";
  return undefined;
}

/**
 * Decodes one value at `prefix`. A top-level array holds records ("record N"); an array
 * inside an array is not a known shape.
 */
export function decodeValue(ctx: DecodeContext, value: unknown, prefix: string, arrayAllowed = true): void {
  if (Array.isArray(value)) {
    if (!arrayAllowed) return reject(ctx, prefix, "unknown shape: an array inside an array");
    for (let i = 0; i < value.length; i++) decodeValue(ctx, value[i], at(prefix, `record ${i + 1}`), false);
    return;
  }
  if (!isObject(value)) return reject(ctx, prefix, `unknown shape: expected a JSON object or array, got ${typeName(value)}`);
  const shape = detectShape(value);
  switch (shape) {
    case "awslogs-event":
      decodeAwslogsEvent(ctx, value, prefix);
      return;
    case "subscription-payload":
      decodeSubscriptionPayload(ctx, value, prefix);
      return;
    case "log-events-output":
      return decodeLogEventsOutput(ctx, value, prefix);
    case "audit-event-list":
      return decodeAuditList(ctx, value, prefix);
    case "audit-event":
      return normalizeAudit(ctx, value, prefix, { placement: ctx.defaults });
    case "cloudtrail-file":
      return decodeRecordsFile(ctx, value, prefix);
    case "lookup-events-output":
      return decodeLookupEvents(ctx, value, prefix);
    case "eventbridge-event":
      decodeEnvelope(ctx, value, prefix);
      return;
    case "cloudtrail-record":
      return decodeCloudTrailValue(ctx, value, prefix);
    case "cloudtrail-digest":
      return skip(ctx, "cloudtrail-digest"); // log file validation: hashes of log files, no events
    case "query-results":
      return decodeQueryResults(ctx, value, prefix);
    case "insights-row":
      return decodeMessageField(ctx, value["@message"], at(prefix, "@message"));
    case undefined:
      return reject(ctx, prefix, `unknown shape (${someKeys(value)})`);
  }
}

/** The audit `EventList` shape `{"kind":"EventList","items":[…]}`. */
function decodeAuditList(ctx: DecodeContext, list: JsonObject, prefix: string): void {
  const items = list.items;
  if (!Array.isArray(items)) return reject(ctx, prefix, `items must be an array, got ${typeName(items)}`);
  for (let i = 0; i < items.length; i++) {
    normalizeAudit(ctx, items[i], at(prefix, `items[${i}]`), { placement: ctx.defaults });
  }
}

/**
 * `aws logs get-query-results` output: `{"results":[[{"field":"@message","value":"…"},…],…],
 * "status":…}`. Each row is decoded from its `@message` (the log event as written).
 */
function decodeQueryResults(ctx: DecodeContext, out: JsonObject, prefix: string): void {
  const rows = out.results;
  if (!Array.isArray(rows)) return reject(ctx, prefix, `results must be an array, got ${typeName(rows)}`);
  for (let i = 0; i < rows.length; i++) {
    const position = at(prefix, `results[${i}]`);
    const row: unknown = rows[i];
    const cell = Array.isArray(row) ? row.find((c) => isObject(c) && c.field === "@message") : undefined;
    if (!isObject(cell)) {
      reject(ctx, position, "a query result row without an @message field (add `fields @message` to the query)");
      continue;
    }
    decodeMessageField(ctx, cell.value, position);
  }
}

/** A log event's message text as a query or an export shows it: an audit event or a CloudTrail record. */
export function decodeMessageField(ctx: DecodeContext, message: unknown, position: string): void {
  if (typeof message !== "string") return reject(ctx, position, `@message must be a string, got ${typeName(message)}`);
  const parsed = parseJson(message);
  if (!parsed.ok) return reject(ctx, position, `@message is not JSON: ${parsed.error}`);
  const value = parsed.value;
  if (!isObject(value)) return reject(ctx, position, `@message holds ${typeName(value)}, not an event`);
  const shape = detectShape(value);
  if (shape !== "audit-event" && shape !== "cloudtrail-record") return reject(ctx, position, `@message is not an audit event or CloudTrail record (${someKeys(value)})`);
  decodeValue(ctx, value, position, false);
}
