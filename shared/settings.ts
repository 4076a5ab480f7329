import { parseDuration, type AuditorConfig } from "./config.ts";
import { ConfigError } from "./errors.ts";
import { RULE_IDS, type RuleId } from "./rules/ids.ts";

/**
 * Parses the JSON settings shared by the CLI (`--config FILE`) and the Lambdas
 * (`AUDITOR_CONFIG`): { window, extraSystemUsers, cniRoleArns, disabledRules, allow }.
 * Unknown keys are an error, so a typo never silently disables tuning.
 */
export function parseAuditorSettings(text: string, where: string): Partial<AuditorConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${where}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`${where}: must be a JSON object`);
  }
  const out: Partial<AuditorConfig> = {};
  for (const [key, value] of Object.entries(raw)) {
    switch (key) {
      case "window":
        if (typeof value !== "string") throw new ConfigError(`${where}: window must be a string like "1h"`);
        out.windowMs = parseDuration(value, `${where}: window`);
        break;
      case "extraSystemUsers":
      case "cniRoleArns":
        out[key] = stringList(value, `${where}: ${key}`);
        break;
      case "disabledRules":
        out.disabledRules = stringList(value, `${where}: disabledRules`).map((id) => ruleId(id, where));
        break;
      case "allow": {
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
          throw new ConfigError(`${where}: allow must map rule ids to lists of actors`);
        }
        const allow: Partial<Record<RuleId, string[]>> = {};
        for (const [id, list] of Object.entries(value)) allow[ruleId(id, where)] = stringList(list, `${where}: allow.${id}`);
        out.allow = allow;
        break;
      }
      default:
        throw new ConfigError(
          `${where}: unknown setting "${key}" (known: window, extraSystemUsers, cniRoleArns, disabledRules, allow)`,
        );
    }
  }
  return out;
}

function stringList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string" && v.length > 0)) {
    throw new ConfigError(`${what} must be a list of non-empty strings`);
  }
  return value as string[];
}

function ruleId(id: string, where: string): RuleId {
  if (!(RULE_IDS as readonly string[]).includes(id)) {
    throw new ConfigError(`${where}: unknown rule id "${id}" (known: ${RULE_IDS.join(", ")})`);
  }
  return id as RuleId;
}
