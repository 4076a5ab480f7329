// Evaluates an EventBridge event pattern against an event, for exactly the subset that
// shared/triggers/event-patterns.ts emits: nested objects, arrays of exact strings (any of), and
// `{ "exists": true|false }`. Plus EventBridge's delivery rule for CloudTrail: a read-only
// CloudTrail management event reaches a rule only in state
// ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS.
import type { EventRuleState } from "../../../shared/triggers/event-patterns.ts";

type Pattern = { [key: string]: Pattern | Array<string | { exists: boolean }> };

export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  return matchObject(pattern as Pattern, event);
}

/** What EventBridge would deliver to a rule with this state and pattern. */
export function deliveredTo(rule: { state: EventRuleState; pattern: unknown }, event: unknown): boolean {
  const detail = (event as { detail?: { readOnly?: unknown } } | null)?.detail;
  if (detail?.readOnly === true && rule.state !== "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS") return false;
  return matchesEventPattern(rule.pattern, event);
}

function matchObject(pattern: Pattern, value: unknown): boolean {
  if (typeof pattern !== "object" || pattern === null || Array.isArray(pattern)) throw new Error("event pattern: object expected");
  const obj = typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  return Object.entries(pattern).every(([key, sub]) => {
    const field = Object.hasOwn(obj, key) ? obj[key] : undefined;
    if (Array.isArray(sub)) return matchList(sub, field, Object.hasOwn(obj, key));
    return typeof field === "object" && field !== null && matchObject(sub, field);
  });
}

function matchList(list: Array<string | { exists: boolean }>, field: unknown, present: boolean): boolean {
  if (list.length === 0) throw new Error("event pattern: empty value list");
  return list.some((item) => {
    if (typeof item === "string") return field === item || (Array.isArray(field) && field.includes(item));
    if (typeof item === "object" && item !== null && Object.keys(item).length === 1 && typeof item.exists === "boolean") {
      // EventBridge: `exists` looks at leaf values; a null value counts as present.
      return item.exists ? present && (typeof field !== "object" || field === null) : !present;
    }
    throw new Error(`event pattern: unsupported matcher ${JSON.stringify(item)}`);
  });
}
