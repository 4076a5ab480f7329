import type { AuditorConfig } from "./config.ts";
import { ConfigError } from "./errors.ts";
import * as v from "valibot";
import { RULE_IDS, type RuleId } from "./rules/ids.ts";
import { durationMs, parseSettings, quoted, stringList } from "./schema.ts";
import { namedSinksSchema, routesSchema } from "./routing/settings-schema.ts";
import { unknownSinks } from "./routing/routes.ts";
import { SINK_NAMES } from "./sinks/index.ts";

const ruleId = v.pipe(
  v.string("must be a rule id"),
  v.check((id) => (RULE_IDS as readonly string[]).includes(id), (i) => `unknown rule id ${quoted(i.input)} (known: ${RULE_IDS.join(", ")})`),
  v.transform((id) => id as RuleId),
);

/**
 * The JSON settings shared by the CLI (`--config FILE`) and the Lambdas (`AUDITOR_CONFIG`).
 * Unknown keys are an error, so a typo never silently disables tuning.
 */
export const AUDITOR_SETTINGS = v.strictObject(
  {
    window: v.optional(durationMs),
    extraSystemUsers: v.optional(stringList),
    cniRoleArns: v.optional(stringList),
    disabledRules: v.optional(v.array(ruleId, "must be a list of rule ids")),
    allow: v.optional(v.record(ruleId, stringList, "must map rule ids to lists of actors")),
    sinks: v.optional(namedSinksSchema),
    routes: v.optional(routesSchema),
  },
  (i) => `unknown setting ${quoted(i.input)} (known: window, extraSystemUsers, cniRoleArns, disabledRules, allow, sinks, routes)`,
);

/** Parses the JSON settings text; throws a ConfigError naming `where` and the key. */
export function parseAuditorSettings(text: string, where: string): Partial<AuditorConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${where}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new ConfigError(`${where}: must be a JSON object`);
  const { window, allow, sinks, ...rest } = parseSettings(AUDITOR_SETTINGS, raw, where);
  const out: Partial<AuditorConfig> = { ...rest };
  if (sinks !== undefined) out.namedSinks = sinks;
  // Routes name the environment's own sinks (slack, sns…) or the named ones above.
  const unknown = unknownSinks(rest.routes ?? [], [...SINK_NAMES, ...Object.keys(sinks ?? {})]);
  if (unknown.length > 0) throw new ConfigError(`${where}: routes name sinks that are not configured: ${unknown.join(", ")}`);
  if (window !== undefined) out.windowMs = window;
  if (allow !== undefined) out.allow = allow as Partial<Record<RuleId, string[]>>;
  return out;
}
