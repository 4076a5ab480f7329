// Every settings object (the JSON settings, the Lambda environment, the fleet settings, each
// sink's options, the deploy config) is one declarative valibot schema; this file holds the
// pieces they share and turns the first problem into a ConfigError that names the key.
// valibot, not zod: a tree-shaken valibot schema costs ~6 KB minified in a bundle, zod 4 about
// 450 KB (zod/mini ~20 KB), at the same parse speed (measured for issue 11, see its commit).
import * as v from "valibot";
import { checkDuration } from "./config.ts";
import { ConfigError } from "./errors.ts";
import { parseSeverity, SEVERITIES, type Severity } from "./core/severity.ts";


/**
 * Parses `input`; throws ConfigError `<where>: <key> <message>` for the first problem. A
 * message that starts with the offending value (`"x" is not …`) is joined with a colon.
 */
export function parseSettings<S extends v.GenericSchema>(schema: S, input: unknown, where?: string): v.InferOutput<S> {
  const r = v.safeParse(schema, input, { abortEarly: true });
  if (r.success) return r.output;
  throw new ConfigError(describe(r.issues[0], where));
}

function describe(issue: v.BaseIssue<unknown>, where: string | undefined): string {
  let path: readonly v.IssuePathItem[] = issue.path ?? [];
  // An unknown key of a strict object, a bad key of a record: the message names it.
  if (issue.type === "strict_object" || path.at(-1)?.origin === "key") path = path.slice(0, -1);
  // "unknown …" names what is unknown, wherever it sits (`AUDITOR_CONFIG: unknown rule id "x"`).
  if (issue.message.startsWith("unknown ")) path = [];
  const key = path.map((p, i) => (typeof p.key === "number" ? `[${p.key}]` : `${i > 0 ? "." : ""}${String(p.key)}`)).join("");
  const what = key === "" ? issue.message : `${key}${issue.message.startsWith('"') ? ": " : " "}${issue.message}`;
  return where ? `${where}: ${what}` : what;
}

/** A JSON string: how an unquoted or odd value is shown in a message. */
export const quoted = (value: unknown): string => JSON.stringify(typeof value === "string" ? value : String(value));

/** An environment variable: unset and blank both read as "" (trimmed). */
export const envText = v.pipe(v.optional(v.string(), ""), v.trim());

/** A required variable. */
export const requiredEnv = (why = "") => v.pipe(envText, v.minLength(1, `is required${why}`));

/** An optional variable matching `re` (null when unset); `what` names the kind of value. */
export const optionalEnv = (re: RegExp, what: string) =>
  v.pipe(
    envText,
    v.check((s) => s === "" || re.test(s), (i) => `${quoted(i.input)} is not ${what}`),
    v.transform((s) => (s === "" ? null : s)),
  );

/** A comma list: items trimmed, empty items dropped, each matching `re`. */
export const envList = (re: RegExp, what: string) =>
  v.pipe(
    envText,
    v.transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean)),
    eachMatches(re, what),
  );

/** Every item of a string list matches `re`; the message names the first that does not. */
export function eachMatches(re: RegExp, what: string) {
  return v.rawCheck<string[]>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const bad = dataset.value.find((x) => !re.test(x));
    if (bad !== undefined) addIssue({ message: `${quoted(bad)} is not ${what}` });
  });
}

/** A duration ("90s", "15m", "1h", "2d"), in milliseconds. */
export const durationMs = v.pipe(
  v.string('must be a string like "1h"'),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const d = checkDuration(dataset.value);
    if (typeof d === "number") return d;
    addIssue({ message: `${quoted(dataset.value)} ${d}` });
    return NEVER;
  }),
);

/** A list of non-empty strings. */
export const stringList = v.array(
  v.pipe(v.string("must be a non-empty string"), v.minLength(1, "must be a non-empty string")),
  "must be a list of non-empty strings",
);

/** A severity variable (any case); unset means `fallback`. */
export const severityEnv = (fallback: Severity) =>
  v.pipe(
    envText,
    v.toLowerCase(),
    v.check((s) => s === "" || parseSeverity(s) !== undefined, (i) => `${quoted(i.input)} is not a severity (${SEVERITIES.join(", ")})`),
    v.transform((s) => (s === "" ? fallback : (s as Severity))),
  );
