import type { AuditorConfig } from "./config.ts";
import { evaluateWith, type EvaluateResult } from "./evaluate.ts";
import { ALL_RULES } from "./rules/index.ts";
import type { AddonState } from "./core/addon-state.ts";
import type { NormalizedEvent } from "./types.ts";

export { ALLOWED_FUTURE_SKEW_MS, boundEventTimes, byTimeThenId, evaluateWith, recordIdentity, uniqueInTimeOrder, type EvaluateResult } from "./evaluate.ts";

/** `evaluateWith` every rule: the CLI's and the tests' entry (each Lambda passes its own set). */
export function evaluate(
  events: readonly NormalizedEvent[],
  config: AuditorConfig,
  addonStates: ReadonlyMap<string, AddonState> = new Map(),
  seen?: Set<string>,
): EvaluateResult {
  return evaluateWith(ALL_RULES, events, config, addonStates, seen);
}
