import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../../shared/config.ts";
import { auditPrefilterFor, compileAuditPrefilter } from "../../../shared/prefilter/index.ts";
import { RULES, auditTriggerAccepts, matchAll } from "../../../shared/rules/index.ts";
import type { RuleContext } from "../../../shared/rules/rule.ts";
import type { K8sAuditRecord } from "../../../shared/types.ts";
import { auditRecord, spell, spelling } from "./arbitraries.ts";
import { auditEventOf, extraUsers, trigger, validated } from "./scan-helpers.ts";

const sample = (name: string): K8sAuditRecord =>
  JSON.parse(readFileSync(new URL(`../../fixtures/triggers/${name}`, import.meta.url), "utf8")) as K8sAuditRecord;

describe("the writer the properties rely on", () => {
  it("spells a value in ways JSON.parse reads back unchanged", () => {
    fc.assert(
      fc.property(auditRecord, spelling, (record, s) => {
        expect(JSON.parse(spell(record, s))).toEqual(record);
      }),
      { numRuns: 300 },
    );
  });

  it("really varies the spelling (escapes, whitespace, number forms)", () => {
    const record = sample("audit-403-cninodes.json");
    const odd = spell(record, { seed: 7, whitespace: 0.5, escapeRate: 1, odds: 1, shuffle: true });
    expect(odd).not.toContain('"code"');
    expect(odd).toMatch(/\\u0063\\u006f|\\u0063\\u006F|\\u0043/i);
    expect(JSON.parse(odd)).toEqual(record);
  });
});

describe("compileAuditPrefilter: never drops what a trigger accepts", () => {
  it("keeps every record a trigger accepts, however the JSON is spelled", () => {
    fc.assert(
      fc.property(fc.array(trigger, { minLength: 1, maxLength: 3 }), extraUsers, auditRecord, spelling, (triggers, extra, record, s) => {
        const seen = validated(record);
        const accepted = seen !== undefined && triggers.some((t) => auditTriggerAccepts(t, seen, extra));
        fc.pre(accepted || s.seed % 4 === 0); // mostly accepted cases: those are the ones at risk
        if (accepted) expect(compileAuditPrefilter(triggers, extra)(spell(record, s))).toBe(true);
      }),
      { numRuns: 4000 },
    );
  });

  it("noSubresource reads the top-level objectRef, not one in a request body", () => {
    const nested = { objectRef: { resource: "daemonsets", subresource: "status" } };
    const base = { auditID: "a", verb: "patch", responseStatus: { code: 200 }, stageTimestamp: "2026-03-02T09:00:00.000001Z" };
    // Without resources in the trigger, a record with no objectRef of its own passes it.
    const onlyNested = JSON.stringify({ ...base, requestObject: nested });
    expect(compileAuditPrefilter([{ noSubresource: true }])(onlyNested)).toBe(true);
    // The body's objectRef written before the record's own one, which has no subresource.
    const both = JSON.stringify({ requestObject: nested, ...base, objectRef: { resource: "daemonsets", name: "aws-node" } });
    expect(compileAuditPrefilter([{ resources: ["daemonsets"], noSubresource: true }])(both)).toBe(true);
    const own = JSON.stringify({ ...base, objectRef: { resource: "daemonsets", subresource: "status" } });
    expect(compileAuditPrefilter([{ resources: ["daemonsets"], noSubresource: true }])(own)).toBe(false);
  });

  it("drops records no trigger accepts when they are written plainly (it filters at all)", () => {
    let dropped = 0;
    let rejectedByTriggers = 0;
    fc.assert(
      fc.property(fc.array(trigger, { minLength: 1, maxLength: 2 }), auditRecord, (triggers, record) => {
        const seen = validated(record);
        if (seen === undefined || triggers.some((t) => auditTriggerAccepts(t, seen))) return;
        rejectedByTriggers++;
        if (!compileAuditPrefilter(triggers)(JSON.stringify(record))) dropped++;
      }),
      { numRuns: 1000 },
    );
    // Decoy keys (`"code"` inside requestObject) legitimately keep some; most go.
    expect(dropped).toBeGreaterThan(rejectedByTriggers * 0.6);
  });
});

describe("auditPrefilterFor(RULES): every event a rule matches passes", () => {
  it("holds over generated events, with and without extra system users", () => {
    fc.assert(
      fc.property(auditRecord, spelling, extraUsers, (record, s, extra) => {
        const config = defaultConfig({ extraSystemUsers: extra });
        const ctx: RuleContext = { config, addonState: () => undefined };
        const seen = validated(record);
        const matched = seen !== undefined && matchAll(auditEventOf(seen), ctx).length > 0;
        if (matched) expect(auditPrefilterFor(RULES, config)(spell(record, s))).toBe(true);
      }),
      { numRuns: 4000 },
    );
  });

  it("keeps the cninodes 403 sample and drops the allowed patches", () => {
    const keep = auditPrefilterFor(RULES, defaultConfig());
    expect(keep(JSON.stringify(sample("audit-403-cninodes.json")))).toBe(true);
    expect(keep(JSON.stringify(sample("audit-allowed-patch.json")))).toBe(false);
    expect(keep(JSON.stringify(sample("audit-allowed-patch-aws-node.json")))).toBe(false);
  });

  it("follows disabled rules and configured system users", () => {
    const denied = { ...sample("audit-403-cninodes.json"), user: { username: "system:serviceaccount:kube-system:cni-metrics-helper" } };
    const raw = JSON.stringify(denied);
    expect(auditPrefilterFor(RULES, defaultConfig())(raw)).toBe(false);
    expect(auditPrefilterFor(RULES, defaultConfig({ extraSystemUsers: ["system:serviceaccount:kube-system:cni-metrics-helper"] }))(raw)).toBe(true);

    const cninodes = JSON.stringify(sample("audit-403-cninodes.json"));
    // system-forbidden's trigger also names the controller, so one disabled rule is not enough.
    expect(auditPrefilterFor(RULES, defaultConfig({ disabledRules: ["cninodes-forbidden"] }))(cninodes)).toBe(true);
    expect(auditPrefilterFor(RULES, defaultConfig({ disabledRules: ["cninodes-forbidden", "system-forbidden"] }))(cninodes)).toBe(false);
  });

  it("drops the kubelet's token requests and status writes, keeps writes to the object itself", () => {
    const keep = auditPrefilterFor(RULES, defaultConfig());
    const patch = sample("audit-allowed-patch-aws-node.json");
    const onDaemonSet = { ...patch, objectRef: { resource: "daemonsets", namespace: "kube-system", name: "aws-node", apiGroup: "apps", apiVersion: "v1" } };
    expect(keep(JSON.stringify(onDaemonSet))).toBe(true);
    expect(keep(JSON.stringify({ ...onDaemonSet, objectRef: { ...onDaemonSet.objectRef, subresource: "status" } }))).toBe(false);
    const token = { ...patch, verb: "create", objectRef: { resource: "serviceaccounts", namespace: "kube-system", name: "aws-node", apiVersion: "v1", subresource: "token" } };
    expect(keep(JSON.stringify(token))).toBe(false);
    // A subresource elsewhere (in a request body) is not the object's; null counts as absent.
    expect(keep(JSON.stringify({ ...onDaemonSet, requestObject: { objectRef: { subresource: "status" }, subresource: "x" } }))).toBe(true);
    expect(keep(JSON.stringify({ ...onDaemonSet, objectRef: { ...onDaemonSet.objectRef, subresource: null } }))).toBe(true);
  });

  it("keeps an event whose key is spelled with escapes, and one whose value is", () => {
    const keep = auditPrefilterFor(RULES, defaultConfig());
    const plain = JSON.stringify(sample("audit-403-cninodes.json"));
    expect(keep(plain.replace('"code":403', '"c\\u006fde":403'))).toBe(true);
    expect(keep(plain.replace('"code":403', '"code" :\n 4.03e2'))).toBe(true);
    const allowed = JSON.stringify(sample("audit-allowed-patch.json"));
    expect(keep(allowed)).toBe(false);
    // Go's \u0026 in a URI spells no key: the event still goes.
    expect(keep(allowed.replace("/cninodes/", "/cninodes/?a=1\\u0026b=2"))).toBe(false);
  });
});
