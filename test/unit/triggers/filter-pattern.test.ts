import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { auditFilterPattern, FILTER_PATTERN_MAX } from "../../../shared/triggers/filter-pattern.ts";
import { matchesFilterPattern, parseFilterPattern } from "../../helpers/triggers/filter-eval.ts";
import { auditTriggerAccepts } from "../../../shared/rules/index.ts";
import type { K8sAuditRecord } from "../../../shared/types.ts";
import { SAMPLE_AUDIT_TRIGGERS } from "./sample-triggers.ts";

const fixture = (name: string): Record<string, any> =>
  JSON.parse(readFileSync(new URL(`../../fixtures/triggers/${name}`, import.meta.url), "utf8"));

const USERS = ["eks:vpc-resource-controller", "eks:addon-manager", "system:serviceaccount:kube-system:aws-node", "kubernetes-admin", "system:node:ip-10-0-1-2.ec2.internal", "ops:deployer"];
const record = fc.record(
  {
    kind: fc.constant("Event"),
    verb: fc.constantFrom("get", "list", "watch", "create", "update", "patch", "delete"),
    user: fc.record({ username: fc.constantFrom(...USERS) }, { requiredKeys: [] }),
    objectRef: fc.record(
      { resource: fc.constantFrom("cninodes", "daemonsets", "configmaps", "pods", "eniconfigs", "leases"), namespace: fc.constant("kube-system") },
      { requiredKeys: [] },
    ),
    responseStatus: fc.record({ code: fc.oneof(fc.constantFrom(200, 201, 299, 300, 403, 404, 409, 500), fc.constant("403")) }, { requiredKeys: [] }),
  },
  { requiredKeys: ["kind"] },
);

describe("auditFilterPattern", () => {
  const pattern = auditFilterPattern(SAMPLE_AUDIT_TRIGGERS, []);

  it("emits one JSON pattern within the PutSubscriptionFilter limit, in the documented syntax", () => {
    expect(pattern.length).toBeLessThanOrEqual(FILTER_PATTERN_MAX);
    expect(pattern).toMatch(/^\{ .* \}$/);
    expect(() => parseFilterPattern(pattern)).not.toThrow();
    // Strings are quoted, numbers are not; no wildcard, regex or IS NULL sneaks in.
    expect(pattern).toContain('($.user.username = "eks:vpc-resource-controller")');
    expect(pattern).toContain("($.responseStatus.code = 403)");
    expect(pattern).toContain("($.responseStatus.code < 300)");
    expect(pattern).not.toMatch(/%|\bIS\b|NOT EXISTS|= \*/);
  });

  it("drops a trigger that another trigger covers (cninodes ⊂ any system 403)", () => {
    expect(pattern).not.toContain('$.objectRef.resource = "cninodes"');
    expect(pattern.split(" || (").length).toBeGreaterThan(1);
  });

  it("admits exactly the events some trigger admits", () => {
    fc.assert(
      fc.property(record, (rec) => {
        const expected = SAMPLE_AUDIT_TRIGGERS.some((t) => auditTriggerAccepts(t, rec as K8sAuditRecord, []));
        expect(matchesFilterPattern(pattern, JSON.stringify(rec))).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it("passes the recorded-shape 403 and drops the allowed patch", () => {
    expect(matchesFilterPattern(pattern, JSON.stringify(fixture("audit-403-cninodes.json")))).toBe(true);
    expect(matchesFilterPattern(pattern, JSON.stringify(fixture("audit-allowed-patch.json")))).toBe(false);
    expect(matchesFilterPattern(pattern, JSON.stringify(fixture("audit-allowed-patch-aws-node.json")))).toBe(false);
    // Older API servers log no message, newer ones add fields: the pattern does not care.
    const old = fixture("audit-403-cninodes.json");
    old.responseStatus = { metadata: {}, status: "Failure", reason: "Forbidden", code: 403 };
    old.annotations["extra.example/new"] = "x";
    expect(matchesFilterPattern(pattern, JSON.stringify(old))).toBe(true);
  });

  it("does not match the non-JSON streams of the cluster log group", () => {
    expect(matchesFilterPattern(pattern, 'time="2024-05-27T08:15:30Z" level=info msg="access granted" code=403')).toBe(false);
    expect(matchesFilterPattern(pattern, "I0527 08:15:30.412377 scheduler.go:1] 403")).toBe(false);
  });

  it("adds configured system users to the triggers that take them", () => {
    const p = auditFilterPattern(SAMPLE_AUDIT_TRIGGERS, ["ops:deployer"]);
    const rec = { kind: "Event", verb: "get", user: { username: "ops:deployer" }, responseStatus: { code: 403 } };
    expect(matchesFilterPattern(p, JSON.stringify(rec))).toBe(true);
    expect(matchesFilterPattern(pattern, JSON.stringify(rec))).toBe(false);
  });

  it("widens (never narrows) to stay within 1024 characters when config lists many users", () => {
    const extra = Array.from({ length: 60 }, (_, i) => `system:serviceaccount:team-${i}:controller`);
    const p = auditFilterPattern(SAMPLE_AUDIT_TRIGGERS, extra);
    expect(p.length).toBeLessThanOrEqual(FILTER_PATTERN_MAX);
    const userRecord = fc.record({
      kind: fc.constant("Event"),
      verb: fc.constantFrom("get", "patch"),
      user: fc.record({ username: fc.constantFrom(...extra, ...USERS) }),
      objectRef: fc.record({ resource: fc.constantFrom("pods", "daemonsets", "cninodes") }),
      responseStatus: fc.record({ code: fc.constantFrom(200, 403, 404) }),
    });
    fc.assert(
      fc.property(userRecord, (rec) => {
        if (SAMPLE_AUDIT_TRIGGERS.some((t) => auditTriggerAccepts(t, rec as K8sAuditRecord, extra))) {
          expect(matchesFilterPattern(p, JSON.stringify(rec))).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
    // Still selective: allowed reads are not candidates.
    expect(matchesFilterPattern(p, JSON.stringify({ kind: "Event", verb: "get", responseStatus: { code: 200 } }))).toBe(false);
  });

  it("refuses values the pattern syntax cannot quote, and an empty rule set", () => {
    expect(() => auditFilterPattern(SAMPLE_AUDIT_TRIGGERS, ['bad"user'])).toThrow(/cannot be written/);
    expect(() => auditFilterPattern([], [])).toThrow(/no audit triggers/);
  });

  it("a trigger without conditions matches every audit event", () => {
    const p = auditFilterPattern([{}], []);
    expect(matchesFilterPattern(p, JSON.stringify({ kind: "Event", verb: "get" }))).toBe(true);
  });
});

describe("filter pattern evaluator", () => {
  it("evaluates the documented example", () => {
    const p = '{ ($.verb = "patch") && ($.responseStatus.code = 403) && ($.objectRef.resource = "cninodes") }';
    expect(matchesFilterPattern(p, JSON.stringify(fixture("audit-403-cninodes.json")))).toBe(true);
    expect(matchesFilterPattern(p, JSON.stringify(fixture("audit-allowed-patch.json")))).toBe(false);
  });

  it("compares types strictly: a string \"403\" is not the number 403, a missing field matches nothing", () => {
    const p = "{ ($.responseStatus.code = 403) || ($.responseStatus.code < 300) }";
    expect(matchesFilterPattern(p, '{"responseStatus":{"code":"403"}}')).toBe(false);
    expect(matchesFilterPattern(p, '{"responseStatus":{}}')).toBe(false);
    expect(matchesFilterPattern(p, '{"responseStatus":{"code":201}}')).toBe(true);
  });

  it("rejects syntax outside the emitted subset", () => {
    for (const p of ['{ $.verb = "patch" ', '{ $.a != "x" }', '{ $.a = * }', '{ $.a IS NULL }', '[a, b]', '{ $.a < "x" }', '{ ($.a = 1) } x']) {
      expect(() => parseFilterPattern(p), p).toThrow();
    }
  });
});
