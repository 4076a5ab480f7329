import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../../shared/config.ts";
import { evaluate } from "../../../shared/pipeline.ts";
import type { AddonState } from "../../../shared/core/addon-state.ts";
import { addonStateKeysFor, EVENT_RULES, matchAll } from "../../../shared/rules/index.ts";
import type { RuleContext } from "../../../shared/rules/rule.ts";
import { caseEvent, loadRuleFixtures } from "../../helpers/events.ts";

// Every rule's fixtures: a rule that reads add-on state without declaring it fails here.
const cases = EVENT_RULES.flatMap(({ id: rule }) => loadRuleFixtures(rule).cases.map((c) => ({ rule, c })));

describe("addonStateKeys the rules declare (what a store loads before evaluate)", () => {
  it.each(cases.map(({ rule, c }) => [`${rule}: ${c.name}`, c] as const))("covers every key the rules write or read: %s", (_name, c) => {
    const event = caseEvent(c);
    const listed = new Set(addonStateKeysFor([event]));
    // Written: what evaluate learns from the event.
    for (const key of evaluate([event], defaultConfig(c.config ?? {})).changedAddonKeys) expect(listed).toContain(key);
    // Read: every key a rule asks the context for.
    const read: string[] = [];
    const ctx: RuleContext = {
      config: defaultConfig(c.config ?? {}),
      addonState: (key): AddonState | undefined => {
        read.push(key);
        return undefined;
      },
    };
    matchAll(event, ctx);
    for (const key of read) expect(listed).toContain(key);
  });

  it("lists nothing for audit events and EC2 calls", () => {
    const eni = cases.filter(({ rule }) => rule === "eni-unauthorized").map(({ c }) => caseEvent(c));
    expect(eni.length).toBeGreaterThan(0);
    expect(addonStateKeysFor(eni)).toEqual([]);
  });
});
