// The candidate scan marks, in one regex pass over a subscription payload's text, the log events
// whose message may hold a record some trigger accepts. Exactness: it never leaves unmarked an
// event whose record a trigger accepts, whatever the spelling of the record's JSON, the other
// messages around it or the escapes of the payload writer. And it filters: Go-canonical
// records no trigger accepts (the kubelet's token requests, status writes) stay unmarked.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../../shared/config.ts";
import { candidateScanFor, compileCandidateScan, type CandidateScan } from "../../../shared/prefilter/index.ts";
import { RULES, auditTriggerAccepts, matchAll } from "../../../shared/rules/index.ts";
import type { AuditTrigger, RuleContext } from "../../../shared/rules/rule.ts";
import { logEventSpans } from "../../../shared/sources/log-event-spans.ts";
import { checkAuditFields } from "../../../shared/sources/validate.ts";
import type { AuditEvent, K8sAuditRecord, RuleId } from "../../../shared/types.ts";
import { TRIGGER_CODES, TRIGGER_RESOURCES, TRIGGER_USERS, TRIGGER_VERBS, auditRecord, spell, spelling } from "./arbitraries.ts";

const subset = <T>(values: readonly T[]) => fc.option(fc.subarray([...values], { minLength: 0 }), { nil: undefined });

/** Triggers over the values the records are drawn from, as audit-prefilter.test.ts makes them. */
const trigger: fc.Arbitrary<AuditTrigger> = fc
  .record({
    codes: subset(TRIGGER_CODES),
    codeBelow: fc.option(fc.constantFrom(300, 400, 404), { nil: undefined }),
    verbs: subset(TRIGGER_VERBS),
    resources: subset(TRIGGER_RESOURCES),
    users: subset(TRIGGER_USERS),
    usersFromConfig: fc.boolean(),
    noSubresource: fc.option(fc.boolean(), { nil: undefined }),
  })
  .map((t) => Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) as AuditTrigger);

const extraUsers = fc.subarray(TRIGGER_USERS, { maxLength: 3 });

/** The record as rules see it: validation drops null fields; undefined = rejected. */
function validated(record: unknown): K8sAuditRecord | undefined {
  const copy = structuredClone(record) as K8sAuditRecord & Record<string, unknown>;
  return typeof copy === "object" && copy !== null && !Array.isArray(copy) && checkAuditFields(copy) === undefined ? copy : undefined;
}

function auditEventOf(record: K8sAuditRecord): AuditEvent {
  return {
    source: "audit",
    record,
    recordId: `audit:${record.auditID}`,
    timeMs: 1716797730000,
    cluster: "c1",
    account: "111122223333",
    region: "eu-west-1",
    origin: { file: "prop", position: "1" },
  };
}

/** JSON as Go's encoding/json writes it: JSON.stringify plus Go's escapes of & < > U+2028 U+2029. */
const goJson = (v: unknown): string =>
  JSON.stringify(v).replace(/[&<>\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** Another payload writer: escapes every non-ASCII character and every slash (still valid JSON). */
const asciiWriter = (text: string): string =>
  text.replace(/[\u0080-\uffff/]/g, (c) => (c === "/" ? "\\/" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));

/** A subscription payload's text with these messages, as CloudWatch Logs lays it out. */
function payloadText(messages: readonly string[], writer: (t: string) => string = (t) => t): string {
  return writer(
    JSON.stringify({
      messageType: "DATA_MESSAGE",
      owner: "111122223333",
      logGroup: "/aws/eks/demo-cluster/cluster",
      logStream: "kube-apiserver-audit-71976ca11bea5d3083393f7d32dab75b",
      subscriptionFilters: ["vpc-cni-auditor"],
      logEvents: messages.map((message, i) => ({ id: `3830624198340920${String(i).padStart(6, "0")}`, timestamp: 1716797730000 + i, message })),
    }),
  );
}

/** The scan's marks for the messages of a payload text. */
function marks(scan: CandidateScan, text: string): number[] {
  const key = '"logEvents":[';
  const open = text.indexOf(key) + key.length - 1;
  const close = text.length - 2;
  expect(text.slice(close)).toBe("]}");
  const spans = logEventSpans(text, open, close);
  expect(spans).toBeDefined();
  return [...scan(text, spans!)];
}

const marksOf = (scan: CandidateScan | undefined, messages: readonly string[], writer?: (t: string) => string): number[] => {
  expect(scan).toBeDefined();
  return marks(scan!, payloadText(messages, writer));
};

/** Messages that are not audit events: text, arrays, strings full of quotes, backslashes, controls. */
const junk = fc
  .oneof(
    fc.constantFrom("not json", "[1,2,3]", '["code",403]', "{", "}", "", "I0527 08:15:30 scheduled", '{"code":403', 'a "quoted" \\ back\\slash', "\u0000\u001f\u2028"),
    fc.string({ unit: "binary", maxLength: 30 }),
    fc.array(fc.integer()).map((a) => JSON.stringify(a)),
  )
  .filter((m) => !m.endsWith("{")); // logEventSpans declines those (see log-event-spans.test.ts)

// Go-canonical records as the API server logs them.
const STAMP = { stage: "ResponseComplete", requestReceivedTimestamp: "2024-05-27T08:15:30.412377Z", stageTimestamp: "2024-05-27T08:15:30.413981Z" };
const NODE = "system:node:ip-10-0-12-183.us-west-2.compute.internal";
const nodeGetPods = {
  kind: "Event", apiVersion: "audit.k8s.io/v1", level: "Metadata", auditID: "1b0d2c9e-0001", ...STAMP,
  requestURI: "/api/v1/pods?fieldSelector=spec.nodeName%3Dip-10-0-12-183&limit=500&resourceVersion=0",
  verb: "get", user: { username: NODE, groups: ["system:nodes", "system:authenticated"] },
  sourceIPs: ["10.0.12.183"], userAgent: "kubelet/v1.29.3 (linux/amd64) kubernetes/6813625",
  objectRef: { resource: "pods", apiVersion: "v1" },
  responseStatus: { metadata: {}, code: 200 },
  annotations: { "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": "" },
};
const kubeletToken = {
  ...nodeGetPods, auditID: "1b0d2c9e-0002", verb: "create",
  requestURI: "/api/v1/namespaces/kube-system/serviceaccounts/aws-node/token",
  objectRef: { resource: "serviceaccounts", namespace: "kube-system", name: "aws-node", apiVersion: "v1", subresource: "token" },
  responseStatus: { metadata: {}, code: 201 },
  requestObject: { kind: "TokenRequest", apiVersion: "authentication.k8s.io/v1", spec: { audiences: ["https://kubernetes.default.svc"], expirationSeconds: 3607 } },
};
const daemonSetStatus = {
  ...nodeGetPods, auditID: "1b0d2c9e-0003", verb: "update",
  user: { username: "system:serviceaccount:kube-system:daemon-set-controller", groups: ["system:serviceaccounts"] },
  requestURI: "/apis/apps/v1/namespaces/kube-system/daemonsets/aws-node/status",
  objectRef: { resource: "daemonsets", namespace: "kube-system", name: "aws-node", apiGroup: "apps", apiVersion: "v1", subresource: "status" },
};
const cninodes403 = {
  kind: "Event", apiVersion: "audit.k8s.io/v1", level: "Metadata", auditID: "8c1f3a52-0d7e-4f8b-9a51-2b6f0c9e7d14", ...STAMP,
  requestURI: "/apis/vpcresources.k8s.aws/v1alpha1/cninodes/ip-10-0-12-183.us-west-2.compute.internal", verb: "patch",
  user: { username: "eks:vpc-resource-controller", groups: ["system:authenticated"] },
  objectRef: { resource: "cninodes", name: "ip-10-0-12-183.us-west-2.compute.internal", apiGroup: "vpcresources.k8s.aws", apiVersion: "v1alpha1" },
  responseStatus: { metadata: {}, status: "Failure", message: 'cninodes.vpcresources.k8s.aws "ip-10-0-12-183" is forbidden: User "eks:vpc-resource-controller" cannot patch resource "cninodes"', reason: "Forbidden", code: 403 },
};
const humanPatch = {
  kind: "Event", apiVersion: "audit.k8s.io/v1", level: "Metadata", auditID: "d2a6e0f4-1b3c-4e59-a7d8-6c0f2e9b4a31", ...STAMP,
  requestURI: "/apis/apps/v1/namespaces/kube-system/daemonsets/aws-node?fieldManager=kubectl-set&a=<b>", verb: "patch",
  user: { username: "arn:aws:sts::111122223333:assumed-role/Admin/alice", groups: ["system:masters"] },
  objectRef: { resource: "daemonsets", namespace: "kube-system", name: "aws-node", apiGroup: "apps", apiVersion: "v1" },
  responseStatus: { metadata: {}, code: 200 },
};

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

describe("the subresource proof is conservative", () => {
  const scan = candidateScanFor(RULES, defaultConfig());
  const awsNodeModified = RULES.find((r) => r.id === "aws-node-modified")!;
  const objectOnly = awsNodeModified.source === "audit" ? awsNodeModified.trigger : undefined;
  // A human's patch of the aws-node DaemonSet, its objectRef written by hand (`REF`).
  const template =
    '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"a-1","stage":"ResponseComplete",' +
    '"requestURI":"/apis/apps/v1/namespaces/kube-system/daemonsets/aws-node","verb":"patch",' +
    '"user":{"username":"kubernetes-admin","groups":["system:masters"]},' +
    '"objectRef":REF,"responseStatus":{"metadata":{},"code":200},BODY"stageTimestamp":"2024-05-27T08:15:30.413981Z"}';
  const REF = '{"resource":"daemonsets","namespace":"kube-system","name":"aws-node","apiGroup":"apps","apiVersion":"v1"';
  const message = (ref: string, body = ""): string => template.replace("REF", ref).replace("BODY", body);
  /** Whether the trigger accepts the record JSON.parse reads (then the scan must mark it). */
  const accepted = (raw: string): boolean => {
    const seen = validated(JSON.parse(raw));
    return seen !== undefined && auditTriggerAccepts(objectOnly!, seen);
  };

  it("is about the trigger it is meant for (aws-node-modified: resources and noSubresource)", () => {
    expect(objectOnly).toMatchObject({ noSubresource: true, resources: expect.arrayContaining(["daemonsets"]) });
  });

  it("marks records whose top-level objectRef has no subresource though the text holds one", () => {
    const cases = {
      "a subresource in a requestObject's objectRef": message(`${REF}}`, '"requestObject":{"objectRef":{"subresource":"x"}},'),
      "the same, the body written before objectRef": template.replace('"verb":"patch",', '"verb":"patch","requestObject":{"objectRef":{"subresource":"x"}},').replace("REF", `${REF}}`).replace("BODY", ""),
      "a duplicate subresource key, the last one null": message(`${REF},"subresource":"x","subresource":null}`),
      "a subresource inside a nested object of objectRef": message(`{"x":{"subresource":"status"},${REF.slice(1)}}`),
      "a subresource null": message(`${REF},"subresource":null}`),
      "a subresource null, with spaces": message(`${REF},"subresource" : null}`),
      "a subresource key in a string after objectRef": message(`${REF}}`, '"annotations":{"note":"\\"subresource\\":\\"x\\""},'),
      // Found by the property above: the only subresource key sits in an object written before objectRef.
      "a subresource key in another object before objectRef": template.replace('"verb":"patch",', '"verb":"patch","requestObject":{"spec":{"subresource":"status"}},').replace("REF", `${REF}}`).replace("BODY", ""),
    };
    for (const [what, raw] of Object.entries(cases)) {
      expect(accepted(raw), what).toBe(true);
      expect(marksOf(scan, [goJson(nodeGetPods), raw]), what).toEqual([0, 1]);
    }
  });

  it("marks what it cannot prove from Go's spelling: `\"subresource\" : \"x\"` with spaces", () => {
    const raw = message(`${REF},"subresource" : "x"}`);
    expect(accepted(raw)).toBe(false); // the full check would drop it; the scan leaves that to it
    expect(marksOf(scan, [raw])).toEqual([1]);
  });

  it("passes over a plain top-level subresource (what cuts the kubelet's noise)", () => {
    const raw = message(`${REF},"subresource":"status"}`);
    expect(accepted(raw)).toBe(false);
    expect(marksOf(scan, [raw])).toEqual([0]);
    const before = message(`{"subresource":"status",${REF.slice(1)}}`);
    expect(accepted(before)).toBe(false);
    expect(marksOf(scan, [before])).toEqual([0]);
  });

  it("is not used for a noSubresource trigger without resources (there objectRef may be absent)", () => {
    // No top-level objectRef: noSubresource holds. The only objectRef in the text is nested.
    const raw = '{"auditID":"b","verb":"patch","requestObject":{"objectRef":{"subresource":"x"}},"responseStatus":{"code":200},"stageTimestamp":"2024-05-27T08:15:30Z"}';
    const t: AuditTrigger = { verbs: ["patch"], noSubresource: true };
    expect(auditTriggerAccepts(t, validated(JSON.parse(raw))!)).toBe(true);
    expect(marksOf(compileCandidateScan([t]), [raw])).toEqual([1]);
  });

  it("marks an event when another trigger without noSubresource is met", () => {
    const raw = message(`${REF},"subresource":"status"}`);
    const triggers: AuditTrigger[] = [{ ...objectOnly! }, { verbs: ["patch"], users: ["kubernetes-admin"] }];
    expect(marksOf(compileCandidateScan(triggers), [raw])).toEqual([1]);
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

  it("marks nothing without triggers", () => {
    const scan = compileCandidateScan([]);
    expect(marksOf(scan, [goJson(cninodes403), '{"c\\u006fde":403}', goJson(humanPatch)])).toEqual([0, 0, 0]);
    expect(marksOf(scan, [])).toEqual([]);
  });

  it("marks a listed empty value set as accepting nothing", () => {
    // `codes: []` lists no code: no record has one of them (auditTriggerAccepts agrees).
    const t: AuditTrigger = { codes: [], users: ["eks:vpc-resource-controller"] };
    expect(auditTriggerAccepts(t, validated(cninodes403)!)).toBe(false);
    expect(marksOf(compileCandidateScan([t]), [goJson(cninodes403)])).toEqual([0]);
  });
});
