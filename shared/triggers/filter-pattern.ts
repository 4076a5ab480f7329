// Generates the CloudWatch Logs subscription filter pattern from the audit rules' triggers,
// so that only candidate events invoke the Lambda. Only the documented JSON filter syntax is
// emitted: `{ … }` around `($.path = "string")`, `($.path = 123)`, `($.path < 123)`,
// `($.path NOT EXISTS)`,
// joined with `&&` / `||` and parentheses. test/helpers/triggers/filter-eval.ts evaluates exactly this subset.
import type { AuditObject, AuditTrigger } from "../rules/rule.ts";

/** PutSubscriptionFilter: filterPattern is 0–1024 characters. */
export const FILTER_PATTERN_MAX = 1024;

/** Where each trigger field lives in a Kubernetes audit event. */
export const AUDIT_FIELDS = {
  code: "$.responseStatus.code",
  verb: "$.verb",
  resource: "$.objectRef.resource",
  user: "$.user.username",
  subresource: "$.objectRef.subresource",
  namespace: "$.objectRef.namespace",
  name: "$.objectRef.name",
} as const;


/** A trigger after config is applied: every field either absent (any) or a value set. */
interface Clause {
  codes?: number[];
  codeBelow?: number;
  verbs?: string[];
  resources?: string[];
  users?: string[];
  noSubresource?: boolean;
  objects?: AuditObject[];
}

/**
 * `{ T1 || T2 || … }`, one term per trigger (fields ANDed, values ORed). A trigger that
 * another one already covers is dropped; if the result is over 1024 characters, the
 * longest value lists are widened away (the pattern stays a necessary condition of the
 * rules: widening lets more events through, never fewer).
 */
export function auditFilterPattern(
  triggers: readonly AuditTrigger[],
  extraSystemUsers: readonly string[],
): string {
  if (triggers.length === 0) throw new Error("auditFilterPattern: no audit triggers (no subscription needed)");
  let clauses = dropCovered(triggers.map((t) => toClause(t, extraSystemUsers)));
  for (;;) {
    const pattern = render(clauses);
    if (pattern.length <= FILTER_PATTERN_MAX) return pattern;
    clauses = dropCovered(widenLongest(clauses));
  }
}

function toClause(t: AuditTrigger, extraUsers: readonly string[]): Clause {
  const c: Clause = {};
  if (t.codes) c.codes = uniq(t.codes);
  if (t.codeBelow !== undefined) c.codeBelow = t.codeBelow;
  if (t.verbs) c.verbs = uniq(t.verbs);
  if (t.resources) c.resources = uniq(t.resources);
  if (t.users) c.users = uniq(t.usersFromConfig ? [...t.users, ...extraUsers] : t.users);
  if (t.noSubresource) c.noSubresource = true;
  // The objects name their resources: a separate resource list would only lengthen the pattern.
  if (t.objects) (c.objects = [...t.objects]), delete c.resources;
  const objectStrings = (c.objects ?? []).flatMap((g) => [...g.resources, ...(g.namespace !== undefined ? [g.namespace] : []), ...(g.name !== undefined ? [g.name] : [])]);
  for (const v of [...(c.verbs ?? []), ...(c.resources ?? []), ...(c.users ?? []), ...objectStrings]) checkString(v);
  return c;
}

function renderGroup(g: AuditObject): string {
  const parts = [anyOf(g.resources.map((v) => `${AUDIT_FIELDS.resource} = ${str(v)}`))];
  if (g.namespace !== undefined) parts.push(`(${AUDIT_FIELDS.namespace} = ${str(g.namespace)})`);
  // A request without a name (a collection delete) still writes the object.
  if (g.name !== undefined) parts.push(`((${AUDIT_FIELDS.name} = ${str(g.name)}) || (${AUDIT_FIELDS.name} NOT EXISTS))`);
  return parts.join(" && ");
}

/** The pattern syntax has no documented escape for quotes or backslashes: refuse them. */
function checkString(v: string): void {
  if (/["\\\n\r]/.test(v) || v.length === 0) {
    throw new Error(`auditFilterPattern: value ${JSON.stringify(v)} cannot be written in a filter pattern`);
  }
}

function render(clauses: Clause[]): string {
  const terms = clauses.map(renderClause);
  if (terms.some((t) => t === "")) return '{ $.kind = "Event" }'; // a trigger that matches every event
  return `{ ${terms.length === 1 ? terms[0] : terms.map((t) => `(${t})`).join(" || ")} }`;
}

function renderClause(c: Clause): string {
  const parts: string[] = [];
  const codes: string[] = (c.codes ?? []).map((n) => `${AUDIT_FIELDS.code} = ${num(n)}`);
  if (c.codeBelow !== undefined) parts.push(`(${AUDIT_FIELDS.code} < ${num(c.codeBelow)})`);
  if (codes.length) parts.push(anyOf(codes));
  if (c.verbs) parts.push(anyOf(c.verbs.map((v) => `${AUDIT_FIELDS.verb} = ${str(v)}`)));
  if (c.resources) parts.push(anyOf(c.resources.map((v) => `${AUDIT_FIELDS.resource} = ${str(v)}`)));
  if (c.users) parts.push(anyOf(c.users.map((v) => `${AUDIT_FIELDS.user} = ${str(v)}`)));
  if (c.noSubresource) parts.push(`(${AUDIT_FIELDS.subresource} NOT EXISTS)`);
  if (c.objects) parts.push(c.objects.length === 1 ? `(${renderGroup(c.objects[0]!)})` : `(${c.objects.map((g) => `(${renderGroup(g)})`).join(" || ")})`);
  return parts.join(" && ");
}

/** `(a)` or `((a) || (b))`: one parenthesised group, so `&&` never mixes with a bare `||`. */
function anyOf(conds: string[]): string {
  if (conds.length === 0) return "($.kind = \"__never__\")"; // empty list: the trigger matches nothing
  return conds.length === 1 ? `(${conds[0]})` : `(${conds.map((x) => `(${x})`).join(" || ")})`;
}

const str = (v: string): string => `"${v}"`;
function num(n: number): string {
  if (!Number.isInteger(n)) throw new Error(`auditFilterPattern: ${n} is not an integer status code`);
  return String(n);
}

/** Drops clauses that another clause covers (every event they admit, it admits too). */
function dropCovered(clauses: Clause[]): Clause[] {
  const out: Clause[] = [];
  clauses.forEach((c, i) => {
    const coveredBy = clauses.some((o, j) => j !== i && covers(o, c) && (!covers(c, o) || j < i));
    if (!coveredBy) out.push(c);
  });
  return out;
}

/** True when clause `a` admits every event that clause `b` admits. */
function covers(a: Clause, b: Clause): boolean {
  return (
    listCovers(a.verbs, b.verbs) &&
    listCovers(a.resources, b.resources) &&
    listCovers(a.users, b.users) &&
    (!a.noSubresource || b.noSubresource === true) &&
    // Conservative: objects restrict a only when b has the very same ones.
    (!a.objects || (b.objects !== undefined && JSON.stringify(a.objects) === JSON.stringify(b.objects))) &&
    codesCover(a, b)
  );
}

function listCovers<T>(a: T[] | undefined, b: T[] | undefined): boolean {
  if (!a) return true;
  if (!b) return false;
  return b.every((v) => a.includes(v));
}

function codesCover(a: Clause, b: Clause): boolean {
  // Both `codes` and `codeBelow` of a clause must hold: b's admitted codes must satisfy a's.
  const aAdmits = (n: number): boolean =>
    (!a.codes || a.codes.includes(n)) && (a.codeBelow === undefined || n < a.codeBelow);
  if (b.codes) return b.codes.every(aAdmits);
  if (a.codes) return false; // b admits any code (maybe bounded), a only a list
  if (a.codeBelow === undefined) return true;
  return b.codeBelow !== undefined && b.codeBelow <= a.codeBelow;
}

/** Removes the longest value list of the longest clause (users first: config can grow it). */
function widenLongest(clauses: Clause[]): Clause[] {
  let best: { i: number; key: "users" | "resources" | "verbs" | "codes" | "objects"; len: number } | undefined;
  clauses.forEach((c, i) => {
    for (const key of ["users", "resources", "verbs", "codes", "objects"] as const) {
      const len = c[key]?.map((x) => (typeof x === "object" ? renderGroup(x) : String(x))).join("").length ?? -1;
      if (len >= 0 && (!best || len > best.len)) best = { i, key, len };
    }
  });
  if (!best) throw new Error("auditFilterPattern: pattern cannot be shortened below 1024 characters");
  const { i, key } = best;
  return clauses.map((c, j) => {
    if (j !== i) return c;
    const copy = { ...c };
    delete copy[key];
    // Widening the objects keeps their resources (still a necessary condition, only looser).
    if (key === "objects") copy.resources = uniq(c.objects!.flatMap((g) => g.resources));
    return copy;
  });
}

function uniq<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
