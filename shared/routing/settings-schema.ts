// The routing part of the JSON settings: named sinks and routes (README "Routing"). Named
// sinks reuse each sink descriptor's own settings schema (its variables), so any sink in
// SINKS — today's or one added later — can be named several times without code here.
import * as v from "valibot";
import { SEVERITIES } from "../core/severity.ts";
import { quoted, stringList } from "../schema.ts";
import { SINK_NAMES, SINKS, type SinkName } from "../sinks/index.ts";
import type { Route } from "./routes.ts";

/** `<sink type>:<name>`, e.g. `slack:platform`, `sns:pager`. */
export const NAMED_SINK = /^([a-z][a-z0-9-]*):([A-Za-z0-9_-]{1,64})$/;

/** A named sink's variables, as the sink's descriptor reads them from the environment. */
export type NamedSinkSpecs = Record<string, Record<string, string>>;

/** The variables a descriptor's schema reads (its object schema's keys), when it shows them. */
export function descriptorVariables(type: SinkName): string[] | undefined {
  const s = SINKS[type].settings as unknown as { entries?: object; pipe?: Array<{ entries?: object }> };
  const entries = s.entries ?? s.pipe?.[0]?.entries;
  return entries ? Object.keys(entries) : undefined;
}

/** Validates one named sink's variables with its descriptor; what is wrong, or null. */
export function namedSinkProblem(name: string, vars: Record<string, string>): string | null {
  const m = NAMED_SINK.exec(name);
  if (!m) return `${quoted(name)} is not a sink name (<type>:<name>, e.g. slack:platform)`;
  const type = m[1] as SinkName;
  if (!SINK_NAMES.includes(type)) return `${quoted(name)}: unknown sink type ${quoted(type)} (known: ${SINK_NAMES.join(", ")})`;
  const known = descriptorVariables(type);
  const unknown = known && Object.keys(vars).find((k) => !known.includes(k));
  if (unknown) return `${name}: unknown variable ${quoted(unknown)} (known: ${known!.join(", ")})`;
  const r = v.safeParse(SINKS[type].settings, vars);
  if (!r.success) {
    const issue = r.issues[0];
    const key = issue.path?.map((p) => String(p.key)).join(".");
    return `${name}: ${key ? `${key} ` : ""}${issue.message}`;
  }
  // An SNS sink without a topic is one the deploy creates a topic for (infra/alerts.ts).
  if (r.output === null && !(type === "sns" && !vars.ALERT_TOPIC_ARN)) return `${name} configures nothing (set the sink's address, e.g. SLACK_WEBHOOK_PARAMETER or ALERT_TOPIC_ARN)`;
  return null;
}

export const namedSinksSchema = v.pipe(
  v.record(v.string(), v.record(v.string(), v.string("must be a string"), "must map variables to strings"), "must map sink names to their settings"),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    for (const [name, vars] of Object.entries(dataset.value)) {
      const problem = namedSinkProblem(name, vars);
      if (problem) return addIssue({ message: problem });
    }
  }),
);

const severity = v.picklist(SEVERITIES, `must be one of ${SEVERITIES.join(", ")}`);

const routeSchema = v.strictObject(
  {
    name: v.optional(v.pipe(v.string(), v.minLength(1, "must be a non-empty string"))),
    match: v.strictObject(
      {
        rules: v.optional(stringList),
        minSeverity: v.optional(severity),
        clusters: v.optional(stringList),
        accounts: v.optional(stringList),
        regions: v.optional(stringList),
      },
      (i) => `unknown match key ${quoted(i.input)} (known: rules, minSeverity, clusters, accounts, regions)`,
    ),
    to: v.pipe(stringList, v.minLength(1, "must name at least one sink")),
    continue: v.optional(v.boolean("must be true or false")),
    sendResolved: v.optional(v.boolean("must be true or false")),
  },
  (i) => `unknown route key ${quoted(i.input)} (known: name, match, to, continue, sendResolved)`,
);

export const routesSchema = v.pipe(
  v.array(routeSchema, "must be a list of routes"),
  v.transform((rs) => rs as Route[]),
);

/** Every sink name the settings give: the unnamed ones from the environment, then the named ones. */
export function allSinkNames(envSinks: readonly string[], named: NamedSinkSpecs): string[] {
  return [...envSinks, ...Object.keys(named)];
}
