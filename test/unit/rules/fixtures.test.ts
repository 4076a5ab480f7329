import { describe, expect, it } from "vitest";
import { toMarkdown } from "../../../shared/render/markdown.ts";
import { openAlert } from "../../../shared/store/fold.ts";
import { EVENT_RULES, matchAll } from "../../../shared/rules/index.ts";
import type { Finding, NormalizedEvent } from "../../../shared/types.ts";
import { caseEvent, loadRuleFixtures, ruleContext, type RuleCase } from "../../helpers/events.ts";

function run(rule: (typeof EVENT_RULES)[number], event: NormalizedEvent, c: RuleCase): Finding | undefined {
  const ctx = ruleContext(c.config, c.addonStates);
  if (rule.source === "audit") return event.source === "audit" ? rule.match(event, ctx) : undefined;
  return event.source === "cloudtrail" ? rule.match(event, ctx) : undefined;
}

for (const rule of EVENT_RULES) {
  const file = loadRuleFixtures(rule.id);
  describe(`${rule.id} fixtures`, () => {
    it("has matching and non-matching cases", () => {
      expect(file.rule).toBe(rule.id);
      expect(file.cases.filter((c) => c.expect.match).length).toBeGreaterThanOrEqual(3);
      expect(file.cases.filter((c) => !c.expect.match).length).toBeGreaterThanOrEqual(2);
    });

    for (const c of file.cases) {
      it(`${c.expect.match ? "matches" : "ignores"}: ${c.name}`, () => {
        const event = caseEvent(c);
        const finding = run(rule, event, c);
        if (!c.expect.match) {
          expect(finding).toBeUndefined();
          return;
        }
        expect(finding).toBeDefined();
        const f = finding!;
        expect(f.rule).toBe(rule.id);
        expect(f.recordId).toBe(event.recordId);
        expect(f.timeMs).toBe(event.timeMs);
        if (c.expect.severity) expect(f.severity).toBe(c.expect.severity);
        if (c.expect.dedupKey) expect(f.dedupKey).toBe(c.expect.dedupKey);
        if (c.expect.actor !== undefined) expect(f.actor).toBe(c.expect.actor);
        if (c.expect.cluster !== undefined) expect(f.cluster).toBe(c.expect.cluster);
        if (c.expect.knownIssues) expect(f.knownIssues).toEqual(c.expect.knownIssues);
        for (const [k, v] of Object.entries(c.expect.facts ?? {})) expect(f.facts[k], `facts.${k}`).toEqual(v);
        // Every key carries account and region where known.
        expect(f.dedupKey.startsWith(`${f.account ?? "-"}|${f.region ?? "-"}|${rule.id}`)).toBe(true);
        // Facts are plain fold-able values and never carry the encoded authorization blob.
        expect(JSON.stringify(f.facts)).not.toMatch(/Encoded authorization failure message|EXAMPLE-ENCODED/);
        const rendered = rule.render(openAlert(f, 3_600_000));
        expect(rendered.title.length).toBeGreaterThan(10);
        for (const phrase of c.expect.remediationIncludes ?? []) expect(toMarkdown(rendered.remediation)).toContain(phrase);
        for (const phrase of c.expect.remediationExcludes ?? []) expect(toMarkdown(rendered.remediation)).not.toContain(phrase);
        // matchAll gives the same finding (no allow-list, rule enabled).
        expect(matchAll(event, ruleContext(c.config, c.addonStates)).filter((x) => x.rule === rule.id)).toEqual([f]);
      });
    }
  });
}
