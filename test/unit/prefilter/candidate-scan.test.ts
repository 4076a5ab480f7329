// The candidate scan marks, in one regex pass over a subscription payload's text, the log events
// whose message may hold a record some trigger accepts. Exactness: it never leaves unmarked an
// event whose record a trigger accepts, whatever the spelling of the record's JSON, the other
// messages around it or the escapes of the payload writer. And it filters: Go-canonical
// records no trigger accepts (the kubelet's token requests, status writes) stay unmarked.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../../shared/config.ts";
import { candidateScanFor, compileCandidateScan } from "../../../shared/prefilter/index.ts";
import { RULES, auditTriggerAccepts, matchAll } from "../../../shared/rules/index.ts";
import type { AuditTrigger, RuleContext } from "../../../shared/rules/rule.ts";
import type { K8sAuditRecord, RuleId } from "../../../shared/types.ts";
import { TRIGGER_USERS, auditRecord, spell, spelling } from "./arbitraries.ts";
import {
  NODE,
  asciiWriter,
  auditEventOf,
  cninodes403,
  daemonSetStatus,
  extraUsers,
  goJson,
  humanPatch,
  kubeletToken,
  marksOf,
  nodeGetPods,
  trigger,
  validated,
} from "./scan-helpers.ts";

/** Messages that are not audit events: text, arrays, strings full of quotes, backslashes, controls. */
const junk = fc
  .oneof(
    fc.constantFrom("not json", "[1,2,3]", '["code",403]', "{", "}", "", "I0527 08:15:30 scheduled", '{"code":403', 'a "quoted" \\ back\\slash', "\u0000\u001f\u2028"),
    fc.string({ unit: "binary", maxLength: 30 }),
    fc.array(fc.integer()).map((a) => JSON.stringify(a)),
  );

/** Variants of those records around the values RULES name, so rules match often. */
const templateRecord: fc.Arbitrary<K8sAuditRecord> = fc
  .record({
    base: fc.constantFrom<Record<string, unknown>>(cninodes403, humanPatch, kubeletToken, daemonSetStatus, nodeGetPods),
    auditID: fc.uuid(),
    username: fc.constantFrom(...TRIGGER_USERS, "kubernetes-admin", NODE),
    code: fc.constantFrom(403, 200, 201, 404),
    verb: fc.constantFrom("patch", "update", "create", "delete", "get"),
    resource: fc.option(fc.constantFrom("cninodes", "daemonsets", "serviceaccounts", "configmaps", "pods"), { nil: undefined }),
    subresource: fc.constantFrom(undefined, undefined, "status", "token", null),
  })
  .map(({ base, auditID, username, code, verb, resource, subresource }) => {
    const r = structuredClone(base) as Record<string, any>;
    r.auditID = auditID;
    r.user = { ...r.user, username };
    r.responseStatus = { ...r.responseStatus, code };
    r.verb = verb;
    if (resource !== undefined) r.objectRef = { ...r.objectRef, resource };
    if (subresource === undefined) delete r.objectRef.subresource;
    else r.objectRef.subresource = subresource;
    return r as K8sAuditRecord;
  });

type Entry = { record: K8sAuditRecord; message: string } | { record: undefined; message: string };
const entry: fc.Arbitrary<Entry> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(auditRecord, spelling).map(([record, s]) => ({ record, message: spell(record, s) })) },
  { weight: 1, arbitrary: auditRecord.map((record) => ({ record, message: goJson(record) })) },
  { weight: 1, arbitrary: junk.map((message) => ({ record: undefined, message })) },
  { weight: 2, arbitrary: fc.tuple(templateRecord, spelling, fc.boolean()).map(([record, s, go]) => ({ record, message: go ? goJson(record) : spell(record, s) })) },
);
/** The same mix, mostly variants of real records around the values RULES name. */
const ruleEntry: fc.Arbitrary<Entry> = fc.oneof(
  { weight: 1, arbitrary: entry },
  { weight: 3, arbitrary: fc.tuple(templateRecord, spelling, fc.boolean()).map(([record, s, go]) => ({ record, message: go ? goJson(record) : spell(record, s) })) },
);

/** Which of a record's own values a trigger made for it lists (so that it accepts the record). */
const tailoring = fc.record({ at: fc.nat(), codes: fc.boolean(), verbs: fc.boolean(), resources: fc.boolean(), users: fc.boolean(), viaConfig: fc.boolean(), noSubresource: fc.boolean(), codeBelow: fc.boolean() });
type Tailoring = typeof tailoring extends fc.Arbitrary<infer T> ? T : never;

/** A trigger that accepts `r`: some of its values among others; its user perhaps from config. */
function tailored(r: K8sAuditRecord, p: Tailoring): { trigger: AuditTrigger; extra: string[] } {
  const t: AuditTrigger = {};
  const extra: string[] = [];
  const code = r.responseStatus?.code;
  if (p.codes && code !== undefined) t.codes = [code, 403];
  if (p.codeBelow && code !== undefined) t.codeBelow = code + 1;
  if (p.verbs && r.verb !== undefined) t.verbs = [r.verb, "get"];
  if (p.resources && r.objectRef?.resource !== undefined) t.resources = [r.objectRef.resource, "pods"];
  if (p.noSubresource && r.objectRef?.subresource === undefined) t.noSubresource = true;
  const user = r.user?.username;
  if (p.users && user !== undefined) {
    if (p.viaConfig) {
      t.users = ["somebody-else"];
      t.usersFromConfig = true;
      extra.push(user);
    } else t.users = [user, "eks:addon-manager"];
  }
  return { trigger: t, extra };
}

const writer = fc.constantFrom<(t: string) => string>((t) => t, (t) => t, asciiWriter);

describe("compileCandidateScan: never leaves unmarked what a trigger accepts", () => {
  it("marks every event whose record a trigger accepts, however it is spelled and whatever surrounds it", () => {
    let accepted = 0;
    let compiled = 0;
    fc.assert(
      fc.property(
        fc.array(trigger, { maxLength: 3 }),
        extraUsers,
        fc.array(entry, { minLength: 1, maxLength: 6 }),
        tailoring,
        writer,
        (generated, extraGenerated, entries, tailor, write) => {
          // Random triggers accept few records: add one made for a record of the payload.
          const triggers = [...generated];
          const extra = [...extraGenerated];
          const target = validated(entries[tailor.at % entries.length]!.record);
          if (target !== undefined) {
            const made = tailored(target, tailor);
            expect(auditTriggerAccepts(made.trigger, target, made.extra)).toBe(true);
            triggers.push(made.trigger);
            extra.push(...made.extra);
          }
          const scan = compileCandidateScan(triggers, extra);
          if (scan === undefined) {
            // Only when some trigger lists no values: the scan could not see what it accepts.
            expect(triggers.some((t) => t.codes === undefined && t.users === undefined && t.resources === undefined && t.verbs === undefined)).toBe(true);
            return;
          }
          compiled++;
          const marked = marksOf(scan, entries.map((e) => e.message), write);
          expect(marked).toHaveLength(entries.length);
          entries.forEach((e, i) => {
            const seen = e.record && validated(e.record);
            if (seen === undefined || !triggers.some((t) => auditTriggerAccepts(t, seen, extra))) return;
            accepted++;
            expect(marked[i], `message ${i}: ${e.message}`).toBe(1);
          });
        },
      ),
      { numRuns: 500 },
    );
    // Not vacuous: most runs compile, and many records are ones a trigger accepts.
    expect(compiled).toBeGreaterThan(350);
    expect(accepted).toBeGreaterThan(300);
  });

  it("leaves most Go-canonical records no trigger accepts unmarked (it filters at all)", () => {
    let unaccepted = 0;
    let unmarked = 0;
    fc.assert(
      fc.property(fc.array(trigger, { minLength: 1, maxLength: 2 }), fc.array(auditRecord, { minLength: 1, maxLength: 4 }), (triggers, records) => {
        const scan = compileCandidateScan(triggers);
        if (scan === undefined) return;
        const marked = marksOf(scan, records.map(goJson));
        records.forEach((record, i) => {
          const seen = validated(record);
          if (seen === undefined || triggers.some((t) => auditTriggerAccepts(t, seen))) return;
          unaccepted++;
          if (marked[i] === 0) unmarked++;
        });
      }),
      { numRuns: 300 },
    );
    // Decoy keys (a "code" in requestObject) and values the scan cannot tell apart keep some.
    expect(unmarked).toBeGreaterThan(unaccepted * 0.5);
  });
});

const AUDIT_RULE_IDS = RULES.filter((r) => r.source === "audit").map((r) => r.id);

describe("candidateScanFor(RULES): every event a rule's trigger accepts is marked", () => {
  it("holds over generated events, extra system users and disabled rules", () => {
    let accepted = 0;
    let matched = 0;
    fc.assert(
      fc.property(fc.array(ruleEntry, { minLength: 1, maxLength: 6 }), extraUsers, fc.subarray(AUDIT_RULE_IDS, { maxLength: 2 }), writer, (entries, extra, disabled, write) => {
        const config = defaultConfig({ extraSystemUsers: extra, disabledRules: disabled as RuleId[] });
        const ctx: RuleContext = { config, addonState: () => undefined };
        const triggers = RULES.flatMap((r) => (r.source === "audit" && !disabled.includes(r.id) ? [r.trigger] : []));
        const marked = marksOf(candidateScanFor(RULES, config), entries.map((e) => e.message), write);
        entries.forEach((e, i) => {
          const seen = e.record && validated(e.record);
          if (seen === undefined) return;
          const found = matchAll(auditEventOf(seen), ctx).length > 0;
          if (found) matched++;
          if (!triggers.some((t) => auditTriggerAccepts(t, seen, extra))) {
            expect(found).toBe(false); // a rule only runs on what its trigger accepts
            return;
          }
          accepted++;
          expect(marked[i], `message ${i}: ${e.message}`).toBe(1);
        });
      }),
      { numRuns: 400 },
    );
    expect(accepted).toBeGreaterThan(100);
    expect(matched).toBeGreaterThan(50);
  });
});

describe("candidateScanFor(RULES) filters Go-canonical noise", () => {
  const scan = candidateScanFor(RULES, defaultConfig());

  it("marks the cninodes 403 and a human's patch of aws-node, not a node's get, the kubelet's token request or a status write", () => {
    const records = [nodeGetPods, kubeletToken, cninodes403, daemonSetStatus, humanPatch];
    // The oracle agrees: only the last two can produce a finding.
    const ctx: RuleContext = { config: defaultConfig(), addonState: () => undefined };
    expect(records.map((r) => matchAll(auditEventOf(validated(r)!), ctx).map((f) => f.rule))).toEqual([[], [], ["cninodes-forbidden"], [], ["aws-node-modified"]]);
    expect(goJson(humanPatch)).toContain("\\u0026a=\\u003cb\\u003e"); // Go's escapes spell no key
    expect(marksOf(scan, records.map(goJson))).toEqual([0, 0, 1, 0, 1]);
    // A long run of noise, then a candidate: the candidate is still the one marked.
    const noise = Array.from({ length: 50 }, (_, i) => goJson({ ...[nodeGetPods, kubeletToken, daemonSetStatus][i % 3]!, auditID: `n-${i}` }));
    const marked = marksOf(scan, [...noise, goJson(cninodes403), ...noise]);
    expect(marked.flatMap((m, i) => (m === 1 ? [i] : []))).toEqual([50]);
  });

  it("marks noise whose keys or values are spelled oddly (they might hide an accepted value)", () => {
    const asController = goJson({ ...nodeGetPods, user: { username: "eks:vpc-resource-controller" } });
    const cases = [
      goJson(daemonSetStatus).replace('"subresource":"status"', '"subresource": "status"'), // not provable from Go's spelling
      goJson(kubeletToken).replace('"verb":"create"', '"verb":"cr\\u0065ate"'), // an escape anywhere
      goJson(nodeGetPods).replace('"resource":"pods"', '"r\\u0065source":"pods"'),
      asController.replace('"code":200', '"code":403.0'),
      asController.replace('"code":200', '"code": 200'), // a number after whitespace might be 403
      asController.replace('"code":200', '"code":2.00e2'),
    ];
    expect(marksOf(scan, [asController])).toEqual([0]);
    for (const odd of cases) {
      expect(JSON.parse(odd)).toBeDefined();
      expect(marksOf(scan, [goJson(nodeGetPods), odd]), odd).toEqual([0, 1]);
    }
  });

  it("follows the configured system users and disabled rules", () => {
    const helper403 = goJson({ ...cninodes403, user: { username: "system:serviceaccount:kube-system:cni-metrics-helper" }, objectRef: { resource: "pods", apiVersion: "v1" } });
    expect(marksOf(candidateScanFor(RULES, defaultConfig()), [helper403])).toEqual([0]);
    expect(marksOf(candidateScanFor(RULES, defaultConfig({ extraSystemUsers: ["system:serviceaccount:kube-system:cni-metrics-helper"] })), [helper403])).toEqual([1]);
    // system-forbidden also names the controller: both rules must be off to pass its 403 over.
    expect(marksOf(candidateScanFor(RULES, defaultConfig({ disabledRules: ["cninodes-forbidden"] })), [goJson(cninodes403)])).toEqual([1]);
    expect(marksOf(candidateScanFor(RULES, defaultConfig({ disabledRules: ["cninodes-forbidden", "system-forbidden"] })), [goJson(cninodes403), goJson(humanPatch)])).toEqual([0, 1]);
    expect(marksOf(candidateScanFor(RULES, defaultConfig({ disabledRules: [...AUDIT_RULE_IDS] })), [goJson(cninodes403), goJson(humanPatch)])).toEqual([0, 0]);
  });
});

describe("compileCandidateScan: what it cannot scan for", () => {
  it("returns undefined when some trigger lists no values", () => {
    expect(compileCandidateScan([{ noSubresource: true }])).toBeUndefined();
    expect(compileCandidateScan([{ codeBelow: 400 }])).toBeUndefined();
    expect(compileCandidateScan([{ codes: [403], users: ["u"] }, { codeBelow: 400, noSubresource: true }])).toBeUndefined();
    expect(compileCandidateScan([{}])).toBeUndefined();
  });

  it("returns undefined for codes that are not written as integers", () => {
    expect(compileCandidateScan([{ codes: [403.5] }])).toBeUndefined();
    expect(compileCandidateScan([{ codes: [403, 2 ** 60] }])).toBeUndefined();
  });

  it("marks no audit record without triggers, only what may be a CloudTrail record", () => {
    const scan = compileCandidateScan([]);
    expect(marksOf(scan, [goJson(cninodes403), goJson(humanPatch)])).toEqual([0, 0]);
    // A CloudTrail record is read as one in an audit stream; an escaped key could spell its keys.
    expect(marksOf(scan, ['{"eventVersion":"1.09","eventSource":"ec2.amazonaws.com"}', '{"c\\u006fde":403}', '{"eventID":"x"}'])).toEqual([1, 1, 1]);
    expect(marksOf(scan, [])).toEqual([]);
  });

  it("marks a listed empty value set as accepting nothing", () => {
    // `codes: []` lists no code: no record has one of them (auditTriggerAccepts agrees).
    const t: AuditTrigger = { codes: [], users: ["eks:vpc-resource-controller"] };
    expect(auditTriggerAccepts(t, validated(cninodes403)!)).toBe(false);
    expect(marksOf(compileCandidateScan([t]), [goJson(cninodes403)])).toEqual([0]);
  });
});
