// The fast path for a subscription payload (fast-payload.ts) scans the payload's text instead
// of parsing it. It must never change what the auditor finds: the same findings, batch id and
// record count as the full parse with the message prefilter; the events it gives and the
// rejections it records are among the full path's (it may pass over a broken message the
// full path rejects).
// Any other layout must make it decline (undefined, nothing recorded).
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultConfig, type AuditorConfig } from "../../../shared/config.ts";
import { evaluate } from "../../../shared/pipeline.ts";
import { auditPrefiltersFor } from "../../../shared/prefilter/index.ts";
import { RULES, matchAll } from "../../../shared/rules/index.ts";
import { newContext } from "../../../shared/sources/context.ts";
import { decodePayloadBytes } from "../../../shared/sources/fast-payload.ts";
import { decodeCloudWatchLogsEvent } from "../../../shared/sources/index.ts";
import type { RuleId } from "../../../shared/types.ts";
import { TRIGGER_USERS, auditRecord, spell, spelling } from "../prefilter/arbitraries.ts";
import { DEFAULTS } from "./helpers.ts";
import { goJson } from "../prefilter/scan-helpers.ts";

const trigger = (name: string): Record<string, any> =>
  JSON.parse(readFileSync(new URL(`../../fixtures/triggers/${name}`, import.meta.url), "utf8")) as Record<string, any>;

/** The Lambda event of a subscription for a payload's exact text. */
const lambdaEvent = (text: string): { awslogs: { data: string } } => ({ awslogs: { data: gzipSync(Buffer.from(text, "utf8")).toString("base64") } });

const HEADER = {
  messageType: "DATA_MESSAGE",
  owner: "111122223333",
  logGroup: "/aws/eks/demo-cluster/cluster",
  logStream: "kube-apiserver-audit-71976ca11bea5d3083393f7d32dab75b",
  subscriptionFilters: ["vpc-cni-auditor"],
};

interface LogEvent {
  id: string;
  timestamp: number;
  message: string;
}

const logEventsOf = (messages: readonly string[], first = 0): LogEvent[] =>
  messages.map((message, i) => ({ id: `383062419834092049${String(first + i).padStart(6, "0")}`, timestamp: 1716797730000 + first + i, message }));

const payloadText = (messages: readonly string[], header: Record<string, unknown> = HEADER): string => JSON.stringify({ ...header, logEvents: logEventsOf(messages) });

type Decoded = ReturnType<typeof decodeCloudWatchLogsEvent>;

interface Decodings {
  /** With the Lambda's options: the candidate scan and the message prefilter. */
  fast: Decoded;
  /** The full parse with the message prefilter: the reference for what the auditor acts on. */
  full: Decoded;
  /** The full parse of every message: the events and rejections the payload holds. */
  all: Decoded;
  /** decodePayloadBytes itself: undefined when it declined. */
  direct: string | undefined;
}

/** The same payload decoded on the fast path (the Lambda's options) and by full parses. */
function decodeBoth(text: string, config: AuditorConfig = defaultConfig()): Decodings {
  const prefilters = auditPrefiltersFor(RULES, config);
  expect(prefilters.candidateScan).toBeDefined();
  const event = lambdaEvent(text);
  const fast = decodeCloudWatchLogsEvent(event, { defaults: DEFAULTS, ...prefilters });
  const full = decodeCloudWatchLogsEvent(event, { defaults: DEFAULTS, keepAuditMessage: prefilters.keepAuditMessage });
  const all = decodeCloudWatchLogsEvent(event, { defaults: DEFAULTS });
  const ctx = newContext("direct", DEFAULTS, prefilters);
  const direct = decodePayloadBytes(ctx, Buffer.from(text, "utf8"), "");
  if (direct === undefined) {
    expect(ctx).toMatchObject({ events: [], rejections: [], skipped: 0, filtered: 0 }); // declined: nothing recorded
  } else {
    expect(direct).toBe(fast.batchId);
    expect(ctx.events).toEqual(fast.events.map((e) => ({ ...e, origin: { ...e.origin, file: "direct" } })));
  }
  return { fast, full, all, direct };
}

/**
 * The fast path changed nothing the auditor acts on: findings, batch id, record count. Its
 * events and rejections are the payload's own (some of what parsing every message gives).
 * Since 39d1432 candidates skip the message prefilter, so they need not be among `full`'s.
 */
function expectSameOutcome({ fast, full, all }: Decodings, config: AuditorConfig = defaultConfig()): void {
  expect(fast.batchId).toBe(full.batchId);
  expect(fast.records).toBe(full.records);
  expect(fast.skipped).toBe(full.skipped);
  expect(evaluate(fast.events, config).findings).toEqual(evaluate(full.events, config).findings);
  // What the fast path parses the full path parses too (both through the message prefilter);
  // a rejection may be missing on the fast path (a broken message it passes over), never added.
  for (const e of fast.events) expect(full.events.filter((f) => f.recordId === e.recordId)).toContainEqual(e);
  for (const r of fast.rejections) expect(full.rejections).toContainEqual(r);
  for (const e of full.events) expect(all.events).toContainEqual(e);
  // Every event a rule matches on the full path is one the fast path gives, unchanged.
  const ctx = { config, addonState: () => undefined };
  for (const e of full.events) if (matchAll(e, ctx).length > 0) expect(fast.events).toContainEqual(e);
}

// Records as the API server logs them, varied around the values the rules name.
const cninodes403 = trigger("audit-403-cninodes.json");
const awsNodePatch = trigger("audit-allowed-patch-aws-node.json");
const allowedPatch = trigger("audit-allowed-patch.json");
const humanPatch = {
  ...awsNodePatch,
  auditID: "5b7c1e2a-0000-4000-8000-000000000001",
  requestURI: "/apis/apps/v1/namespaces/kube-system/daemonsets/aws-node?fieldManager=kubectl-set&pretty=<1>",
  user: { username: "arn:aws:sts::111122223333:assumed-role/Admin/alice", groups: ["system:masters"] },
  objectRef: { resource: "daemonsets", namespace: "kube-system", name: "aws-node", apiGroup: "apps", apiVersion: "v1" },
};
const goRecord: fc.Arbitrary<Record<string, any>> = fc
  .record({
    base: fc.constantFrom(cninodes403, awsNodePatch, allowedPatch, humanPatch),
    auditID: fc.uuid(),
    username: fc.constantFrom(...TRIGGER_USERS, "kubernetes-admin"),
    code: fc.constantFrom(403, 200, 201, 409),
    verb: fc.constantFrom("patch", "update", "delete", "get", "create"),
    resource: fc.constantFrom("cninodes", "daemonsets", "serviceaccounts", "pods"),
    subresource: fc.constantFrom(undefined, undefined, "status", "token"),
  })
  .map(({ base, auditID, username, code, verb, resource, subresource }) => {
    const r = structuredClone(base);
    Object.assign(r, { auditID, verb });
    r.user = { ...r.user, username };
    r.responseStatus = { ...r.responseStatus, code };
    r.objectRef = { ...r.objectRef, resource, ...(resource === "daemonsets" ? { namespace: "kube-system", name: "aws-node", apiGroup: "apps" } : {}) };
    if (subresource !== undefined) r.objectRef.subresource = subresource;
    return r;
  });

/** Messages that are no audit event: text, arrays, strings full of quotes, backslashes, controls. */
const junk = fc.oneof(
  fc.constantFrom("not json", "I0527 08:15:30.123 scheduled", "[]", '[{"code":403}]', '"just a string"', "", "null", '{"code":403,"user":{"username":"eks:addon-manager"}', 'q"u\\o"t\\e\\', "\u0000\u0007\u001f\u2028\u2029 controls"),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 4 }).map((a) => JSON.stringify(a)),
  goRecord.chain((r) => fc.nat({ max: 400 }).map((n) => goJson(r).slice(0, n))), // cut short: not JSON
);

const message: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 3, arbitrary: fc.tuple(auditRecord, spelling).map(([r, s]) => spell(r, s)) },
    { weight: 3, arbitrary: goRecord.map(goJson) },
    { weight: 1, arbitrary: goRecord.chain((r) => spelling.map((s) => spell(r, s))) },
    { weight: 2, arbitrary: junk },
  );

const AUDIT_RULE_IDS = RULES.filter((r) => r.source === "audit").map((r) => r.id);
const config: fc.Arbitrary<AuditorConfig> = fc
  .record({ extra: fc.subarray(TRIGGER_USERS, { maxLength: 2 }), disabled: fc.subarray(AUDIT_RULE_IDS, { maxLength: 1 }) })
  .map(({ extra, disabled }) => defaultConfig({ extraSystemUsers: extra, disabledRules: disabled as RuleId[] }));

describe("the fast path never changes findings", () => {
  it("agrees with the full parse on generated payloads", () => {
    let withFindings = 0;
    let candidates = 0;
    fc.assert(
      fc.property(
        fc.array(message, { maxLength: 8 }),
        fc.constantFrom(HEADER.logStream, "", "kube-apiserver-audit-0"),
        config,
        (messages, logStream, cfg) => {
          const text = payloadText(messages, { ...HEADER, logStream });
          const both = decodeBoth(text, cfg);
          expect(both.direct).toBeDefined(); // CloudWatch's layout: the fast path ran
          expectSameOutcome(both, cfg);
          if (evaluate(both.full.events, cfg).findings.length > 0) withFindings++;
          candidates += both.fast.events.length + both.fast.rejections.length;
        },
      ),
      { numRuns: 300 },
    );
    // Not vacuous: many payloads had findings, and many messages were candidates.
    expect(withFindings).toBeGreaterThan(20);
    expect(candidates).toBeGreaterThan(150);
  });

  it("passes over the noise without parsing it: fewer events, the same findings", () => {
    const noise = [awsNodePatch, allowedPatch, { ...allowedPatch, objectRef: { ...allowedPatch.objectRef, subresource: "status" } }];
    const messages = [...noise.map(goJson), goJson(cninodes403), goJson(humanPatch), "not json"];
    const both = decodeBoth(payloadText(messages));
    expect(both.direct).toBeDefined();
    expectSameOutcome(both);
    expect(both.fast.events.map((e) => e.origin.position)).toEqual(["logEvent 4", "logEvent 5"]);
    expect(evaluate(both.fast.events, defaultConfig()).findings.map((f) => f.rule)).toEqual(["cninodes-forbidden", "aws-node-modified"]);
    expect(both.fast).toMatchObject({ records: 6, filtered: 4, rejections: [] });
  });
});

describe("payloads larger than one 64 KB slice", () => {
  const pad = "x".repeat(700);
  const noise = (i: number): string => goJson({ ...allowedPatch, auditID: `noise-${i}`, userAgent: `${pad}-${i}` });
  const candidate = (i: number): string => goJson({ ...cninodes403, auditID: `cand-${i}` });
  /** Cut short: the scan still sees its code and user, so it is parsed, and fails to. */
  const broken = (i: number): string => candidate(i).slice(0, -40);

  it("gives the same events, findings and rejection positions as the full parse", () => {
    const messages = Array.from({ length: 420 }, (_, i) => noise(i));
    for (const i of [0, 95, 96, 200, 419]) messages[i] = candidate(i);
    messages[350] = broken(350);
    messages[97] = "{not json, but \\\"code\\\":403 \\\"username\\\":\\\"eks:vpc-resource-controller\\\"}";
    const text = payloadText(messages);
    expect(Buffer.byteLength(text)).toBeGreaterThan(4 * 64 * 1024);
    const both = decodeBoth(text);
    expect(both.direct).toBeDefined();
    expectSameOutcome(both);
    expect(both.fast.events.map((e) => e.origin.position)).toEqual([0, 95, 96, 200, 419].map((i) => `logEvent ${i + 1}`));
    expect(both.fast.rejections.map((r) => r.origin.position)).toEqual(["logEvent 351"]);
    expect(both.full.rejections.map((r) => r.origin.position)).toEqual(["logEvent 351"]);
    expect(both.fast.rejections[0]!.reason).toMatch(/^message is not JSON/);
    expect(both.fast).toMatchObject({ records: 420, filtered: 414 });
  });

  it("holds for generated events around slice boundaries", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 299 }), message), { maxLength: 12 }), (placed) => {
        const messages = Array.from({ length: 300 }, (_, i) => noise(i));
        for (const [i, m] of placed) messages[i] = m;
        const both = decodeBoth(payloadText(messages));
        expect(both.direct).toBeDefined();
        expectSameOutcome(both);
      }),
      { numRuns: 25 },
    );
  });
});

describe("other layouts decode as the full parse does (the fast path declines or agrees)", () => {
  const messages = [goJson(cninodes403), goJson(allowedPatch), goJson(humanPatch)];
  const events = logEventsOf(messages);

  const cases: Array<[what: string, text: string, fast: "declines" | "runs" | "either"]> = [
    ["CloudWatch's own layout", payloadText(messages), "runs"],
    ["pretty-printed", JSON.stringify({ ...HEADER, logEvents: events }, null, 2), "declines"],
    ["a policyLevel member after logEvents", JSON.stringify({ ...HEADER, logEvents: events, policyLevel: "ACCOUNT_LEVEL_POLICY" }), "runs"],
    ["header fields in another order, logEvents first", JSON.stringify({ logEvents: events, subscriptionFilters: ["f"], logStream: HEADER.logStream, logGroup: HEADER.logGroup, owner: HEADER.owner, messageType: "DATA_MESSAGE" }), "runs"],
    ["an event with an extra member before id", JSON.stringify({ ...HEADER, logEvents: events.map((e, i) => (i === 1 ? { ingestionTime: 1, ...e } : e)) }), "declines"],
    ["a candidate with an extra string member after its message", JSON.stringify({ ...HEADER, logEvents: events.map((e, i) => (i === 0 ? { ...e, x: "y" } : e)) }), "declines"],
    ["a non-candidate with an extra member after its message", JSON.stringify({ ...HEADER, logEvents: events.map((e, i) => (i === 1 ? { ...e, x: "y" } : e)) }), "either"],
    ["events with another key order", JSON.stringify({ ...HEADER, logEvents: events.map(({ id, timestamp, message }) => ({ timestamp, id, message })) }), "declines"],
    ["an event without id", JSON.stringify({ ...HEADER, logEvents: events.map(({ id, ...e }, i) => (i === 0 ? e : { id, ...e })) }), "declines"],
    ["a numeric id", JSON.stringify({ ...HEADER, logEvents: events.map((e, i) => (i === 2 ? { ...e, id: 42 } : e)) }), "declines"],
    ["a float timestamp", JSON.stringify({ ...HEADER, logEvents: events.map((e, i) => (i === 0 ? { ...e, timestamp: 1716797730000.5 } : e)) }), "declines"],
    ["a 1e400 timestamp", JSON.stringify({ ...HEADER, logEvents: events.map((e, i) => (i === 0 ? { ...e, timestamp: -7 } : e)) }).replace('"timestamp":-7', '"timestamp":1e400'), "declines"],
    ["a string timestamp", JSON.stringify({ ...HEADER, logEvents: events.map((e, i) => (i === 0 ? { ...e, timestamp: "1716797730000" } : e)) }), "declines"],
    ["a CONTROL_MESSAGE", JSON.stringify({ ...HEADER, messageType: "CONTROL_MESSAGE", owner: "CloudwatchLogs", logGroup: "", logStream: "", logEvents: [{ id: "", timestamp: 1, message: "CWL CONTROL MESSAGE: Checking health of destination Lambda function" }] }), "declines"],
    ["an unknown messageType", JSON.stringify({ ...HEADER, messageType: "SOMETHING_NEW", logEvents: events }), "declines"],
    ["a non-audit stream", JSON.stringify({ ...HEADER, logStream: "authenticator-71976ca11bea5d3083393f7d32dab75b", logEvents: events }), "declines"],
    ["a logGroup that is not a string", JSON.stringify({ ...HEADER, logGroup: 7, logEvents: events }), "declines"],
    ["non-ASCII content", payloadText([goJson({ ...cninodes403, userAgent: "ünïcødé/日本語 🚀" }), "ünïcødé", goJson({ ...humanPatch, user: { username: "ünïcødé" } })], { ...HEADER, subscriptionFilters: ["fïlter"] }), "runs"],
    ["an empty logEvents", payloadText([]), "runs"],
    ["a message ending with {", payloadText([...messages, "log line {"]), "runs"],
    ["logEvents not an array", JSON.stringify({ ...HEADER, logEvents: { 0: events[0] } }), "declines"],
    ["an element that is not an event", JSON.stringify({ ...HEADER, logEvents: [...events, { note: "x" }] }), "declines"],
    ["an escaped id", payloadText(messages).replace('"id":"383062419834092049000000"', '"id":"38306241983409204900000\\u0030"'), "declines"],
  ];

  it.each(cases)("%s", (_what, text, expected) => {
    JSON.parse(text); // every variant is valid JSON: only its layout differs
    const both = decodeBoth(text);
    if (expected === "declines") expect(both.direct).toBeUndefined();
    if (expected === "runs") expect(both.direct).toBeDefined();
    expectSameOutcome(both);
  });

  it("finds the same in every variant that carries the same events", () => {
    const findings = (text: string): string[] => evaluate(decodeBoth(text).fast.events, defaultConfig()).findings.map((f) => `${f.rule} ${f.recordId}`);
    const reference = findings(payloadText(messages));
    expect(reference).toEqual([`cninodes-forbidden audit:${cninodes403.auditID}:ResponseComplete`, `aws-node-modified audit:${humanPatch.auditID}:ResponseComplete`]);
    for (const [what, text] of cases.slice(1, 5)) expect(findings(text), what).toEqual(reference);
  });
});

describe("hand-made layouts that once misled the fast path", () => {
  const E = JSON.stringify(logEventsOf([goJson(cninodes403)])[0]);
  const head = JSON.stringify(HEADER).slice(0, -1);

  it("reads only the top-level logEvents: a duplicate or nested logEvents key", () => {
    // JSON.parse keeps the last of duplicate keys, and the top-level logEvents is empty in both:
    // the full parse finds no event. The first `"logEvents":[` in the text holds E.
    for (const text of [`${head},"logEvents":[${E}],"logEvents":[]}`, `${head},"x":{"logEvents":[${E}]},"logEvents":[]}`]) {
      expect((JSON.parse(text) as { logEvents: unknown[] }).logEvents).toEqual([]);
      const both = decodeBoth(text);
      expect(both.full).toMatchObject({ events: [], records: 0 });
      expectSameOutcome(both);
    }
  });

  it("does not take objects in a member after logEvents for log events", () => {
    // The last `"}]` in the text ends "x", not logEvents, so the span of event 1 would run into
    // "x"; the object written with whitespace in between gives it away.
    const text = `${head},"logEvents":[{"id":"1","timestamp":1716797730000,"message":"hello"}],"x":[{ "a":"b"},${E}]}`;
    expect((JSON.parse(text) as { logEvents: unknown[] }).logEvents).toHaveLength(1);
    const both = decodeBoth(text);
    expect(both.full).toMatchObject({ events: [], records: 1 });
    expectSameOutcome(both);
  });
});

describe("a candidate that is not a valid JSON string in a damaged payload", () => {
  const valid = goJson({ ...cninodes403, auditID: "first-candidate" });
  const damaged = goJson({ ...cninodes403, auditID: "damaged" });
  const damages: Array<[string, (text: string) => string]> = [
    ["a raw control character", (t) => t.replace("is forbidden", "is\u0001forbidden")],
    ["an invalid escape", (t) => t.replace("is forbidden", "is\\qforbidden")],
    ["a cut \\u escape", (t) => t.replace("is forbidden", "is\\u12forbidden")],
    ["a raw newline", (t) => t.replace("is forbidden", "is\nforbidden")],
  ];

  /** The damage applied inside the last message only (the one with auditID "damaged"). */
  const damage = (text: string, how: (t: string) => string): string => {
    const at = text.lastIndexOf("damaged");
    return text.slice(0, at) + how(text.slice(at));
  };

  it.each(damages)("%s: decodePayloadBytes declines and records nothing", (_what, how) => {
    for (const messages of [[valid, damaged], [valid, ...Array.from({ length: 150 }, (_, i) => goJson({ ...allowedPatch, auditID: `n-${i}`, userAgent: "y".repeat(600) })), damaged]]) {
      const text = damage(payloadText(messages), how);
      expect(() => JSON.parse(text)).toThrow();
      const prefilters = auditPrefiltersFor(RULES, defaultConfig());
      const ctx = newContext("damaged", DEFAULTS, prefilters);
      expect(decodePayloadBytes(ctx, Buffer.from(text, "utf8"), "")).toBeUndefined();
      expect(ctx).toMatchObject({ events: [], rejections: [], skipped: 0, filtered: 0 });
      // The caller then parses the payload whole, which reports it.
      const r = decodeCloudWatchLogsEvent(lambdaEvent(text), { defaults: DEFAULTS, ...prefilters });
      expect(r.events).toEqual([]);
      expect(r.rejections).toHaveLength(1);
      expect(r.rejections[0]).toMatchObject({ origin: { position: "document" }, reason: expect.stringMatching(/^awslogs\.data does not hold JSON: /) });
    }
  });
});
