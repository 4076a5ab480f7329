// Generates the CloudWatch Logs subscription filter pattern for CloudTrail records that an
// organization trail writes to a log group (the README's "organization trail" carrier): the
// same (event source, failed|succeeded) groups as the EventBridge rules (event-patterns.ts),
// each `eventSource = … && (eventName = … || …) && errorCode present|absent`. A present
// errorCode is `$.errorCode = "*"` (CloudWatch's wildcard string match). Over 1024 characters,
// the longest event-name list is widened, first to its verbs (`Delete*`: CloudWatch's wildcard),
// then away (its source and errorCode test stay): the pattern stays a necessary condition of the
// rules, never drops one of their records; widening lets more through, never fewer.
import type { CloudTrailTrigger } from "../rules/rule.ts";
import { FILTER_PATTERN_MAX } from "./filter-pattern.ts";

interface Group {
  source: string;
  failed: boolean;
  /** undefined: widened (any event name of this source). */
  names: string[] | undefined;
  /** The names are already verb prefixes (`Delete*`). */
  verbs?: boolean;
}

export function cloudTrailFilterPattern(triggers: readonly CloudTrailTrigger[]): string {
  const byKey = new Map<string, Group>();
  for (const t of triggers) {
    if (t.eventNames.length === 0) continue;
    check(t.eventSource);
    t.eventNames.forEach(check);
    const key = `${t.eventSource}|${t.failed}`;
    const g = byKey.get(key) ?? { source: t.eventSource, failed: t.failed, names: [] };
    g.names = [...new Set([...(g.names ?? []), ...t.eventNames])].sort();
    byKey.set(key, g);
  }
  if (byKey.size === 0) throw new Error("cloudTrailFilterPattern: no CloudTrail triggers");
  const groups = [...byKey.values()].sort((a, b) => a.source.localeCompare(b.source) || Number(b.failed) - Number(a.failed));
  for (;;) {
    const pattern = `{ ${groups.map((g) => `(${term(g)})`).join(" || ")} }`;
    if (pattern.length <= FILTER_PATTERN_MAX) return pattern;
    // Every list goes to verbs before any is dropped: a verb list still keeps routine reads out.
    const open = groups.filter((g) => g.names && !g.verbs);
    const pool = open.length > 0 ? open : groups.filter((g) => g.names);
    const longest = pool.sort((a, b) => b.names!.join("").length - a.names!.join("").length)[0];
    if (!longest) throw new Error("cloudTrailFilterPattern: pattern cannot be shortened below 1024 characters");
    if (longest.verbs) longest.names = undefined;
    else (longest.names = [...new Set(longest.names!.map(verbOf))].sort()), (longest.verbs = true);
  }
}

/** `a && (b || c) && d`: an `||` only inside its own parentheses, never bare beside `&&`. */
function term(g: Group): string {
  const parts = [`$.eventSource = "${g.source}"`];
  if (g.names) parts.push(g.names.length === 1 ? `$.eventName = "${g.names[0]}"` : `(${g.names.map((n) => `$.eventName = "${n}"`).join(" || ")})`);
  parts.push(g.failed ? `$.errorCode = "*"` : "$.errorCode NOT EXISTS");
  return parts.join(" && ");
}

/** `DeleteAddon` → `Delete*`; a name with no second word stays whole. */
function verbOf(name: string): string {
  const m = /^[A-Z][a-z0-9]+(?=[A-Z])/.exec(name);
  return m ? `${m[0]}*` : name;
}

/** Event sources and names are AWS tokens; anything else could not be written safely. */
function check(v: string): void {
  if (!/^[A-Za-z0-9.-]+$/.test(v)) throw new Error(`cloudTrailFilterPattern: ${JSON.stringify(v)} cannot be written in a filter pattern`);
}
