// Mixed batches: good records of several rules with known counts, and bad records of known
// kinds interleaved in one payload or file. What the good records must produce is known
// a priori (one alert per rule, count = copies), not computed by the code under test.
import type { RuleId } from "../../shared/types.ts";
import { deepArray } from "./arbitraries.ts";
import { seeds } from "./harness.ts";

export const AUDIT_RULES: RuleId[] = ["cninodes-forbidden", "system-forbidden", "aws-node-modified"];
export const CLOUDTRAIL_RULES: RuleId[] = ["eni-unauthorized", "credentials-denied", "addon-version-changed", "addon-deleted"];

const seconds = (iso: string, s: number): string => new Date(Date.parse(iso) + s * 1000).toISOString();

/** Copy `i` of a rule's firing audit record: its own auditID, `i` seconds later (same key, same window). */
export function goodAudit(rule: RuleId, i: number): Record<string, any> {
  const r = seeds()[rule].record;
  r.auditID = `${r.auditID}-copy-${i}`;
  r.requestReceivedTimestamp = seconds(r.requestReceivedTimestamp, i);
  r.stageTimestamp = seconds(r.stageTimestamp, i);
  return r;
}

/** Copy `i` of a rule's firing EventBridge event: its own ids, `i` seconds later. */
export function goodEnvelope(rule: RuleId, i: number): Record<string, any> {
  const e = seeds()[rule].record;
  e.id = `${e.id}-copy-${i}`;
  e.detail.eventID = `${e.detail.eventID}-copy-${i}`;
  e.detail.eventTime = seconds(e.detail.eventTime, i);
  return e;
}

/** Audit-event messages a log event may carry that must each be rejected (reason shown). */
export function badAuditMessages(): Array<{ kind: string; message: string; reason: RegExp }> {
  const base = seeds()["cninodes-forbidden"].record;
  const { stageTimestamp: _s, requestReceivedTimestamp: _r, ...timeless } = base;
  const over = (o: Record<string, unknown>) => JSON.stringify({ ...base, ...o });
  return [
    { kind: "not JSON", message: '{"kind":"Event","auditID":', reason: /^message is not JSON: / },
    { kind: "binary garbage", message: "\u0000\u00ff\ufffd\u001f\u008b", reason: /^message is not JSON: / },
    { kind: "a number", message: "403", reason: /^expected an audit event object, got number$/ },
    { kind: "an array", message: "[]", reason: /^expected an audit event object, got array$/ },
    { kind: "verb is a number", message: over({ verb: 5 }), reason: /^verb must be a string, got number$/ },
    { kind: "code is a string", message: over({ responseStatus: { code: "403" } }), reason: /^responseStatus\.code must be a number, got string$/ },
    { kind: "user 100k levels deep", message: over({ user: "X" }).replace('"X"', deepArray()), reason: /^user must be an object, got array$/ },
    { kind: "groups hold a number", message: over({ user: { username: "u", groups: ["a", 1] } }), reason: /^user\.groups\[1\] must be a string, got number$/ },
    { kind: "annotation not a string", message: over({ annotations: { X: 1 } }).replace('"X"', '"__proto__"'), reason: /^annotations\["__proto__"\] must be a string, got number$/ },
    { kind: "bad time", message: over({ stageTimestamp: "yesterday" }), reason: /^stageTimestamp is not an RFC 3339 time/ },
    { kind: "no auditID nor verb", message: JSON.stringify({ kind: "Event", apiVersion: "audit.k8s.io/v1" }), reason: /needs auditID or verb/ },
    { kind: "no time at all", message: JSON.stringify({ ...timeless, auditID: "timeless-1" }), reason: /^timestamp is not a time/ },
  ];
}

/** Records that are fine to decode but match nothing: counted as events, never alerts. */
export function harmlessAuditMessages(): string[] {
  const base = seeds()["cninodes-forbidden"].record;
  return [
    JSON.stringify({ ...base, auditID: "huge-user", user: { username: "u".repeat(3_000_000) } }),
    JSON.stringify({ ...base, auditID: "proto", __proto__: { polluted: 1 }, user: { username: "constructor" } }).replace('"auditID":"proto"', '"auditID":"proto","__proto__":{"polluted":1}'),
    JSON.stringify({ ...base, auditID: "deep-unread", requestObject: "X" }).replace('"X"', deepArray()).replace('"eks:vpc-resource-controller"', '"someone"'),
    // Duplicate keys: JSON.parse keeps the last one, so this is someone else, not the controller.
    JSON.stringify({ ...base, auditID: "dup-keys" }).replace('"username":"eks:vpc-resource-controller"', '"username":"eks:vpc-resource-controller","username":"someone"'),
    JSON.stringify({ ...base, auditID: "invalid-utf8-replaced", userAgent: "\ufffd\ufffd" }).replace('"eks:vpc-resource-controller"', '"eks:vpc-resource-controller\ufffd"'),
  ];
}

/** EventBridge events (parsed) that must each be rejected. */
export function badEnvelopes(): Array<{ kind: string; event: unknown; reason: RegExp }> {
  const e = () => seeds()["eni-unauthorized"].record;
  const with_ = (f: (x: Record<string, any>) => void) => {
    const x = e();
    f(x);
    return x;
  };
  return [
    { kind: "detail a string", event: with_((x) => (x.detail = "{}")), reason: /^detail must be an object, got string$/ },
    { kind: "id a number", event: with_((x) => (x.id = 7)), reason: /^id must be a string, got number$/ },
    { kind: "eventTime missing", event: with_((x) => delete x.detail.eventTime), reason: /needs eventTime/ },
    { kind: "eventTime not RFC 3339", event: with_((x) => (x.detail.eventTime = "Jun 3, 2025")), reason: /^eventTime is not an RFC 3339 time/ },
    { kind: "eventName a number", event: with_((x) => (x.detail.eventName = 1)), reason: /^eventName must be a string, got number$/ },
    { kind: "userIdentity an array", event: with_((x) => (x.detail.userIdentity = [])), reason: /^userIdentity must be an object, got array$/ },
    // 2000 levels: the test writes these events with JSON.stringify (100k levels: pipeline-fuzz).
    { kind: "issuer arn deep", event: with_((x) => (x.detail.userIdentity.sessionContext.sessionIssuer.arn = JSON.parse(deepArray(2000)))), reason: /sessionIssuer\.arn must be a string, got array$/ },
    { kind: "readOnly a string", event: with_((x) => (x.detail.readOnly = "false")), reason: /^readOnly must be a boolean, got string$/ },
    // As a Lambda event, or as a line of a file where any shape could be.
    { kind: "not an event", event: 42, reason: /^(not an EventBridge event \(number\)|unknown shape: expected a JSON object or array, got number)$/ },
    { kind: "no detail", event: { "detail-type": "AWS API Call via CloudTrail" }, reason: /^(not an EventBridge event|unknown shape) \(keys: detail-type\)$/ },
  ];
}
