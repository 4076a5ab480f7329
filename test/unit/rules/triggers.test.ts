import { describe, expect, it } from "vitest";
import { EVENT_RULES, RULES, auditTriggerAccepts, cloudTrailTriggerAccepts } from "../../../shared/rules/index.ts";
import type { AuditTrigger, CloudTrailTrigger } from "../../../shared/rules/rule.ts";
import { auditFilterPattern } from "../../../shared/triggers/filter-pattern.ts";
import { matchesFilterPattern } from "../../helpers/triggers/filter-eval.ts";
import { cloudTrailEventPatterns, serviceOf } from "../../../shared/triggers/event-patterns.ts";
import { deliveredTo } from "../../helpers/triggers/event-pattern-eval.ts";
import type { CloudTrailRecord, K8sAuditRecord } from "../../../shared/types.ts";
import { loadRuleFixtures, type RuleCase } from "../../helpers/events.ts";

// The CloudWatch Logs filter pattern, the EventBridge patterns and the hot-path prefilter are
// generated from the triggers, so a trigger must hold for every event its rule matches.

const matching: Array<{ rule: (typeof EVENT_RULES)[number]; c: RuleCase }> = EVENT_RULES.flatMap((rule) =>
  loadRuleFixtures(rule.id).cases.filter((c) => c.expect.match).map((c) => ({ rule, c })),
);

function recordOf(c: RuleCase): K8sAuditRecord | CloudTrailRecord {
  const r = c.record as { detail?: CloudTrailRecord };
  return c.source === "cloudtrail" && r.detail ? r.detail : (c.record as K8sAuditRecord | CloudTrailRecord);
}

function envelopeOf(c: RuleCase): unknown {
  const r = c.record as { detail?: CloudTrailRecord };
  if (r.detail) return r;
  const rec = c.record as CloudTrailRecord;
  return { source: `aws.${serviceOf(rec.eventSource ?? "")}`, "detail-type": "AWS API Call via CloudTrail", detail: rec };
}

describe("triggers are necessary conditions of match", () => {
  it("covers matching fixtures of every rule", () => {
    expect(new Set(matching.map((m) => m.rule.id)).size).toBe(EVENT_RULES.length);
  });

  for (const { rule, c } of matching) {
    it(`${rule.id}: ${c.name}`, () => {
      const extra = c.config?.extraSystemUsers ?? [];
      if (rule.source === "audit") {
        const record = recordOf(c) as K8sAuditRecord;
        expect(auditTriggerAccepts(rule.trigger, record, extra)).toBe(true);
        // The pattern actually deployed (all audit rules together) lets the event through.
        const triggers = RULES.flatMap((r) => (r.source === "audit" ? [r.trigger] : []));
        expect(matchesFilterPattern(auditFilterPattern(triggers, extra), JSON.stringify(record))).toBe(true);
      } else {
        const record = recordOf(c) as CloudTrailRecord;
        expect(rule.triggers.some((t) => cloudTrailTriggerAccepts(t, record))).toBe(true);
        const generated = cloudTrailEventPatterns(RULES.flatMap((r) => (r.source === "cloudtrail" ? r.triggers : [])));
        expect(generated.some((g) => deliveredTo(g, envelopeOf(c)))).toBe(true);
      }
    });
  }
});

describe("trigger evaluation", () => {
  const t: AuditTrigger = { codes: [403], resources: ["cninodes"], users: ["eks:vpc-resource-controller"], usersFromConfig: true };
  const rec: K8sAuditRecord = { user: { username: "eks:x" }, objectRef: { resource: "cninodes" }, responseStatus: { code: 403 } };

  it("takes configured users only when usersFromConfig", () => {
    expect(auditTriggerAccepts(t, rec)).toBe(false);
    expect(auditTriggerAccepts(t, rec, ["eks:x"])).toBe(true);
    expect(auditTriggerAccepts({ ...t, usersFromConfig: false }, rec, ["eks:x"])).toBe(false);
  });

  it("needs a response code for codes and codeBelow", () => {
    expect(auditTriggerAccepts({ codes: [403] }, {})).toBe(false);
    expect(auditTriggerAccepts({ codeBelow: 400 }, {})).toBe(false);
    expect(auditTriggerAccepts({ codeBelow: 400 }, { responseStatus: { code: 201 } })).toBe(true);
    expect(auditTriggerAccepts({ codeBelow: 400 }, { responseStatus: { code: 409 } })).toBe(false);
  });

  it("reads failed as the presence of errorCode", () => {
    const ct: CloudTrailTrigger = { eventSource: "eks.amazonaws.com", eventNames: ["UpdateAddon"], failed: false };
    const ok: CloudTrailRecord = { eventSource: "eks.amazonaws.com", eventName: "UpdateAddon" };
    expect(cloudTrailTriggerAccepts(ct, ok)).toBe(true);
    expect(cloudTrailTriggerAccepts(ct, { ...ok, errorCode: "InvalidParameterException" })).toBe(false);
    expect(cloudTrailTriggerAccepts({ ...ct, failed: true }, { ...ok, errorCode: "X" })).toBe(true);
    expect(cloudTrailTriggerAccepts(ct, { ...ok, eventName: "DeleteAddon" })).toBe(false);
  });

  it("marks the read-only calls so EventBridge delivers them", () => {
    const eni = RULES.find((r) => r.id === "eni-unauthorized");
    const triggers = eni?.source === "cloudtrail" ? eni.triggers : [];
    const readOnly = triggers.filter((x) => x.readOnlyCalls).flatMap((x) => x.eventNames);
    expect(readOnly).toEqual(expect.arrayContaining(["DescribeSubnets", "DescribeSecurityGroups", "DescribeNetworkInterfaces"]));
  });
});
