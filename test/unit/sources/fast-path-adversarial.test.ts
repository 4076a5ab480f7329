// Adversarial review of the payload fast path (fast-payload.ts, log-event-spans.ts,
// candidate-scan.ts, escapedHasSubresource). The claim under test: for any VALID JSON
// subscription payload, decoding with the Lambda's options gives the same findings, batch id
// and record count as the full parse with only the message prefilter, whatever the spelling
// and whatever the config. Each case is a minimal hand-made payload; the ones under "holes
// found and closed" broke the claim once (the comment says how, and what fixed it). The rest
// guard tricky cases handled right.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { defaultConfig, type AuditorConfig } from "../../../shared/config.ts";
import { evaluate } from "../../../shared/pipeline.ts";
import { auditPrefiltersFor } from "../../../shared/prefilter/index.ts";
import { RULES } from "../../../shared/rules/index.ts";
import { newContext } from "../../../shared/sources/context.ts";
import { decodePayloadBytes } from "../../../shared/sources/fast-payload.ts";
import { decodeCloudWatchLogsEvent } from "../../../shared/sources/index.ts";
import { DEFAULTS } from "./helpers.ts";
import { goJson } from "../prefilter/scan-helpers.ts";

const trigger = (name: string): Record<string, any> =>
  JSON.parse(readFileSync(new URL(`../../fixtures/triggers/${name}`, import.meta.url), "utf8")) as Record<string, any>;

const cninodes403 = trigger("audit-403-cninodes.json");
const allowedPatch = trigger("audit-allowed-patch.json");
/** A write to the aws-node DaemonSet by a human: aws-node-modified fires on it. */
const humanPatch = {
  ...trigger("audit-allowed-patch-aws-node.json"),
  auditID: "5b7c1e2a-0000-4000-8000-000000000001",
  requestURI: "/apis/apps/v1/namespaces/kube-system/daemonsets/aws-node?fieldManager=kubectl-set",
  user: { username: "arn:aws:sts::111122223333:assumed-role/Admin/alice", groups: ["system:masters"] },
  objectRef: { resource: "daemonsets", namespace: "kube-system", name: "aws-node", apiGroup: "apps", apiVersion: "v1" },
};

/** A message as it stands in the payload text (a JSON string without its quotes). */
const quoted = (message: string): string => JSON.stringify(message).slice(1, -1);

/** `{"id":…,"timestamp":…,"message":"…"}` with the message text given as written in the payload. */
const eventText = (i: number, writtenMessage: string): string =>
  `{"id":"38306241983409204900000${i}","timestamp":${1716797730000 + i},"message":"${writtenMessage}"}`;

const HEAD =
  '"messageType":"DATA_MESSAGE","owner":"111122223333","logGroup":"/aws/eks/demo-cluster/cluster",' +
  '"logStream":"kube-apiserver-audit-71976ca11bea5d3083393f7d32dab75b","subscriptionFilters":["vpc-cni-auditor"]';

/** A payload in CloudWatch's layout from messages written as they stand in the text. */
const payloadOf = (written: readonly string[], head = HEAD, tail = ""): string => `{${head},"logEvents":[${written.map((m, i) => eventText(i, m)).join(",")}]${tail}}`;

const lambdaEvent = (text: string): { awslogs: { data: string } } => ({ awslogs: { data: gzipSync(Buffer.from(text, "utf8")).toString("base64") } });

type Decoded = ReturnType<typeof decodeCloudWatchLogsEvent>;

function decodeBoth(text: string, config: AuditorConfig = defaultConfig()): { fast: Decoded; full: Decoded; ran: boolean } {
  JSON.parse(text); // every payload here is valid JSON: the claim covers it
  const prefilters = auditPrefiltersFor(RULES, config);
  expect(prefilters.candidateScan).toBeDefined();
  const event = lambdaEvent(text);
  const fast = decodeCloudWatchLogsEvent(event, { defaults: DEFAULTS, ...prefilters });
  const full = decodeCloudWatchLogsEvent(event, { defaults: DEFAULTS, keepAuditMessage: prefilters.keepAuditMessage });
  const ctx = newContext("direct", DEFAULTS, prefilters);
  const ran = decodePayloadBytes(ctx, Buffer.from(text, "utf8"), "") !== undefined;
  return { fast, full, ran };
}

const findingsOf = (d: Decoded, config: AuditorConfig): string[] =>
  evaluate(d.events, config).findings.map((f) => `${f.rule} ${f.recordId} ${f.cluster} ${f.account}`);

/** The claim: same findings, batch id and record count. Returns the findings for further checks. */
function expectSame(text: string, config: AuditorConfig = defaultConfig()): { findings: string[]; ran: boolean } {
  const { fast, full, ran } = decodeBoth(text, config);
  expect(findingsOf(fast, config)).toEqual(findingsOf(full, config));
  expect(fast.batchId).toBe(full.batchId);
  expect(fast.records).toBe(full.records);
  return { findings: findingsOf(full, config), ran };
}

describe("holes found and closed: valid JSON where the fast path changed the outcome", () => {
  it("a scan candidate the message prefilter drops does not shadow a later copy of the same record", () => {
    // Event 1 and event 2 share auditID and stage, so one record id. Event 1's code is written
    // `"code" :200`: the scan counts an oddly written key as a hit (it may hide 403), so event 1
    // is a candidate; the exact prefilter reads 200 and drops it. When candidates skipped the
    // exact prefilter, the fast path yielded event 1 AND event 2; evaluate's uniqueInTimeOrder
    // keeps the first copy of a record id (equal placement), event 1, which matches nothing:
    // the finding of event 2 was lost. Fixed: candidates take the message prefilter again.
    const shadow = goJson({ ...cninodes403, responseStatus: { ...cninodes403.responseStatus, code: 200 } }).replace('"code":200', '"code" :200');
    const text = payloadOf([quoted(shadow), quoted(goJson(cninodes403))]);
    const { findings, ran } = expectSame(text);
    expect(ran).toBe(true);
    expect(findings).toEqual([`cninodes-forbidden audit:${cninodes403.auditID}:ResponseComplete demo-cluster 111122223333`]);
  });

  const swallowTail = (header: string): string => `,${header},"x":[{"},{x":"y"}]`;

  it.each([
    ["messageType CONTROL_MESSAGE", '"messageType":"CONTROL_MESSAGE"'],
    ["a non-audit logStream", '"logStream":"authenticator-71976ca11bea5d3083393f7d32dab75b"'],
    ["another logGroup (cluster)", '"logGroup":"/aws/eks/other-cluster/cluster"'],
    ["another owner (account)", '"owner":"444455556666"'],
  ])("a header member after logEvents counts though a later array's object has a key starting with `},{` (%s)", (_what, header) => {
    // eventArray takes the LAST `"}]` in the text as the end of logEvents: here the end of
    // "x". The text between (`"}],<header>,"x":[{"},{x":"y`) becomes part of the last
    // message's span: logEventSpans skips the `{` of x's object because closesMessage sees
    // `"},{` after it (the key `},{x` reads like a message's last `{`), and the `{` inside the
    // key is not followed by a quote. The last message ("hello") is no candidate, so its span
    // is never parsed, and the sentinel parse `{…,"logEvents":[0]}` has lost the header member.
    // Full parse: the member applies (control message / other stream: no findings; another
    // logGroup/owner: the finding's cluster/account); the fast path used the members before
    // logEvents. Fixed: closesMessage takes a quote for a message's end only before the next
    // envelope (`"},{"id":"`), so x's object is seen and the fast path declines.
    const head = HEAD.replace(new RegExp(`"${header.slice(1, header.indexOf('"', 1))}":"[^"]*",?`), "").replace(/,$/, "");
    const text = payloadOf([quoted(goJson(cninodes403)), "hello"], head, swallowTail(header));
    expectSame(text);
  });

  it("a duplicate top-level logEvents after the first, hidden the same way, wins as in JSON.parse", () => {
    // JSON.parse keeps the last logEvents (one object that is no log event); the fast path scans
    // the first array and swallows the second into the last message's span.
    const text = payloadOf([quoted(goJson(cninodes403)), "hello"], HEAD, ',"logEvents":[{"},{x":"y"}]');
    expect((JSON.parse(text) as { logEvents: unknown[] }).logEvents).toEqual([{ "},{x": "y" }]);
    expectSame(text);
  });

  it("a key ending in an escaped quote + subresource inside objectRef is not taken for objectRef.subresource", () => {
    // objectRef holds the key `"subresource` (a quote, then subresource), not `subresource`:
    // the record has no subresource and aws-node-modified fires. In the payload the key reads
    // `\"\\\"subresource\":\"status\"`; escapedHasSubresource finds `subresource\"` once and
    // PLAIN_SUBRESOURCE matched from sub - 2, where `\"` is the tail of the escaped quote `\\\"`,
    // not the key's opening quote, so the scan dropped the event. Fixed: the key's quote must
    // follow `{` or `,` (startsMember in subresource.ts).
    const record = { ...humanPatch, objectRef: { ...humanPatch.objectRef, '"subresource': "status" } };
    const text = payloadOf([quoted(goJson(record))]);
    expect(quoted(goJson(record))).toContain('\\"\\\\\\"subresource\\":\\"status\\"');
    const { findings } = expectSame(text);
    expect(findings).toEqual([`aws-node-modified audit:${humanPatch.auditID}:ResponseComplete demo-cluster 111122223333`]);
  });
});

/** The text with every UTF-16 code unit as a \u escape (astral characters as surrogate pairs). */
const allEscaped = (message: string): string =>
  Array.from({ length: message.length }, (_, i) => `\\u${message.charCodeAt(i).toString(16).padStart(4, "0")}`).join("");

describe("handled: spellings of the outer payload string", () => {
  const cases: Array<[string, string, number]> = [
    ["every character of the message as \\uXXXX", allEscaped(goJson(cninodes403)), 1],
    ["quotes as \\u0022 only", quoted(goJson(cninodes403)).replace(/\\"/g, "\\u0022"), 1],
    ["the key code as \\u0063ode at the outer level", quoted(goJson(cninodes403)).replace('\\"code\\"', '\\"\\u0063ode\\"'), 1],
    ["escape split across levels: \\u005cu0063 (outer backslash, inner \\u0063)", quoted(goJson(cninodes403)).replace('\\"code\\"', '\\"\\u005cu0063ode\\"'), 1],
    ["every / as \\/", quoted(goJson(humanPatch)).replace(/\//g, "\\/"), 1],
    ["the colon after code as \\u003a", quoted(goJson(cninodes403)).replace('\\"code\\":', '\\"code\\"\\u003a'), 1],
    ["a tab (\\t) after the colon", quoted(goJson(cninodes403)).replace('\\"code\\":', '\\"code\\":\\t'), 1],
    ["a newline before the colon", quoted(goJson(cninodes403)).replace('\\"code\\":', '\\"code\\"\\n:'), 1],
    ["the username's value with a \\u002d", quoted(goJson(cninodes403)).replace("eks:vpc-resource-controller\\\"", "eks:vpc\\u002dresource-controller\\\""), 1],
  ];
  it.each(cases)("%s", (_what, written, expected) => {
    const { findings, ran } = expectSame(payloadOf([quoted(goJson(allowedPatch)), written]));
    expect(ran).toBe(true);
    expect(findings).toHaveLength(expected);
  });
});

describe("handled: spellings inside the message", () => {
  const withCode = (codeText: string): string => goJson(cninodes403).replace('"code":403', `"code":${codeText}`);
  it.each(["403.000", "4.03E+2", "403e0", "40300e-2", "402.99999999999999999", "403 ", "403\n"])("code written %j", (codeText) => {
    const { findings } = expectSame(payloadOf([quoted(withCode(codeText))]));
    expect(findings).toHaveLength(1);
  });

  it.each([
    ["later duplicate wins (403)", '"code":200,"code":403', 1],
    ["later duplicate wins (200)", '"code":403,"code":200', 0],
  ])("duplicate code keys: %s", (_what, codes, expected) => {
    const m = goJson(cninodes403).replace('"code":403', codes);
    const { findings } = expectSame(payloadOf([quoted(m)]));
    expect(findings).toHaveLength(expected);
  });

  it("a value that is a prefix of a listed user, and a listed user that is a prefix of the value", () => {
    for (const user of ["eks:vpc-resource-controlle", "eks:vpc-resource-controllerX", "eks:vpc-resource-controller "]) {
      const m = goJson({ ...cninodes403, user: { username: user } });
      expect(expectSame(payloadOf([quoted(m)])).findings).toEqual([]);
    }
  });

  it("a duplicate user key whose last value is the listed one", () => {
    const m = goJson(cninodes403).replace('"username":"eks:vpc-resource-controller"', '"username":"eks:vpc-resource-controller","username":"alice"');
    expect(expectSame(payloadOf([quoted(m)])).findings).toEqual([]);
    const m2 = goJson(cninodes403).replace('"username":"eks:vpc-resource-controller"', '"username":"alice","username":"eks:vpc-resource-controller"');
    expect(expectSame(payloadOf([quoted(m2)])).findings).toHaveLength(1);
  });

  it("messages holding `\"},{\"id\":\"`, `{\"`, a final `{`, and empty messages", () => {
    const tricky = goJson({ ...cninodes403, userAgent: '"},{"id":"1","timestamp":1,"message":"{"}]' });
    const { findings, ran } = expectSame(payloadOf([quoted(tricky), "", "{", quoted('{"'), quoted("}]"), "x{"]));
    expect(ran).toBe(true);
    expect(findings).toHaveLength(1);
  });
});

describe("handled: objectRef / subresource texts", () => {
  const withRef = (objectRefJson: string): string => goJson({ ...humanPatch, objectRef: { REF: 1 } }).replace('{"REF":1}', objectRefJson);
  const cases: Array<[string, string, number]> = [
    ["plain subresource", '{"resource":"daemonsets","namespace":"kube-system","name":"aws-node","apiGroup":"apps","subresource":"status"}', 0],
    ["no subresource", '{"resource":"daemonsets","namespace":"kube-system","name":"aws-node","apiGroup":"apps"}', 1],
    ["subresource then a null duplicate", '{"resource":"daemonsets","namespace":"kube-system","name":"aws-node","apiGroup":"apps","subresource":"status","subresource":null}', 1],
    ["a } inside the name before subresource", '{"resource":"daemonsets","namespace":"kube-system","name":"aws}node","apiGroup":"apps","subresource":"status"}', 0],
    ["subresource in a nested object inside objectRef", '{"resource":"daemonsets","namespace":"kube-system","name":"aws-node","apiGroup":"apps","x":{"subresource":"status"}}', 1],
    ["subresource key spelled \\u0073ubresource", '{"resource":"daemonsets","namespace":"kube-system","name":"aws-node","apiGroup":"apps","\\u0073ubresource":"status"}', 0],
    ["a key named xsubresource", '{"resource":"daemonsets","namespace":"kube-system","name":"aws-node","apiGroup":"apps","xsubresource":"status"}', 1],
    ["an empty subresource", '{"resource":"daemonsets","namespace":"kube-system","name":"aws-node","apiGroup":"apps","subresource":""}', 0],
  ];
  it.each(cases)("%s", (_what, ref, expected) => {
    const m = withRef(ref);
    JSON.parse(m);
    const { findings } = expectSame(payloadOf([quoted(m)]));
    expect(findings).toHaveLength(expected);
  });

  it("a second objectRef after the first (JSON.parse keeps the last, without subresource)", () => {
    const m = goJson({ ...humanPatch, objectRef: { ...humanPatch.objectRef, subresource: "status" } }).replace(/}$/, `,"objectRef":${JSON.stringify(humanPatch.objectRef)}}`);
    expect(expectSame(payloadOf([quoted(m)])).findings).toHaveLength(1);
  });
});

describe("handled: extraSystemUsers with odd characters", () => {
  const users = ["a.b*c(d)|e[f]\\g/h", 'q"uote', "ops & <oncall>", "ünï/cødé", "🚀bot", "", "x$^{2}"];
  it.each(users)("extra user %j, written plainly, by Go and with escapes at both levels", (user) => {
    const config = defaultConfig({ extraSystemUsers: [user] });
    const record = { ...cninodes403, objectRef: { ...cninodes403.objectRef, resource: "pods" }, user: { username: user } };
    const plain = quoted(JSON.stringify(record));
    const go = quoted(goJson(record));
    const outer = allEscaped(JSON.stringify(record));
    const inner = quoted(JSON.stringify(record).replace(JSON.stringify(user), `"${allEscaped(user)}"`));
    for (const written of [plain, go, outer, inner]) {
      const { findings } = expectSame(payloadOf([written]), config);
      expect(findings).toHaveLength(user === "" ? 0 : 1); // username "" is no user (predicates.username)
    }
  });
});

describe("handled: header and tail layouts", () => {
  const events = [quoted(goJson(cninodes403)), quoted(goJson(allowedPatch))];
  const cases: Array<[string, string]> = [
    ["whitespace in the header", payloadOf(events, ' "messageType" : "DATA_MESSAGE" ,\n"owner":"111122223333", "logGroup" :"/aws/eks/demo-cluster/cluster","logStream":"kube-apiserver-audit-1" ').replace(/^\{/, "{ ")],
    ["duplicate logStream, the audit one last", payloadOf(events, `"logStream":"authenticator-1",${HEAD}`)],
    ["duplicate logStream, the other one last", payloadOf(events, `${HEAD},"logStream":"authenticator-1"`)],
    ["duplicate messageType, CONTROL last (before logEvents)", payloadOf(events, `${HEAD},"messageType":"CONTROL_MESSAGE"`)],
    ["a header member after logEvents (no later object)", payloadOf(events, HEAD.replace('"owner":"111122223333",', ""), ',"owner":"444455556666"')],
    ["a tail array of objects written plainly", payloadOf(events, HEAD, ',"x":[{"a":"b"},{"id":"9","timestamp":1,"message":"m"}]')],
    ["a tail string holding \\\"}]", payloadOf(events, HEAD, ',"x":"\\"}]"')],
    ["logEvents spelled log\\u0045vents first, the plain one last", `{${HEAD},"log\\u0045vents":[${eventText(7, quoted(goJson(humanPatch)))}],"logEvents":[${events.map((m, i) => eventText(i, m)).join(",")}]}`],
    ["a CONTROL_MESSAGE", payloadOf(["CWL CONTROL MESSAGE: Checking health of destination Lambda function"], '"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":""')],
    ["an id with odd characters", payloadOf(events).replace('"id":"383062419834092049000000"', '"id":"a{b}[c]:,ü /"')],
    ["a -0 timestamp", payloadOf(events).replace(`"timestamp":1716797730000,`, '"timestamp":-0,')],
    ["a 17-digit timestamp", payloadOf(events).replace(`"timestamp":1716797730000,`, '"timestamp":17167977300000001,')],
  ];
  it.each(cases)("%s", (_what, text) => {
    expectSame(text);
  });
});

describe("handled: events around the 64 KB slice boundary", () => {
  it("a candidate whose event starts at, just before or just after where the cut search starts", () => {
    const filler = (i: number, n: number): string => quoted(goJson({ ...allowedPatch, auditID: `noise-${i}`, userAgent: "p".repeat(n) }));
    const candidate = quoted(goJson(cninodes403));
    const build = (pad: number): string => payloadOf([...Array.from({ length: 60 }, (_, i) => filler(i + 10, i === 0 ? pad : 0)), candidate, filler(99, 0)]);
    // The first slice starts right after `[`; the cut search starts 64 KB later. Move the
    // candidate's event (its `{`, so the `"},{"id":"` before it) to every offset from -12 to
    // +12 bytes around that point. All ASCII: characters are bytes.
    const startOf = (text: string): { cutFrom: number; at: number } => ({
      cutFrom: text.indexOf('"logEvents":[') + '"logEvents":['.length + 64 * 1024,
      at: text.indexOf(eventText(60, candidate)),
    });
    const base = startOf(build(0));
    expect(base.at).toBeLessThan(base.cutFrom - 12);
    const seen = new Set<number>();
    for (let delta = -12; delta <= 12; delta++) {
      const text = build(base.cutFrom + delta - base.at);
      const { cutFrom, at } = startOf(text);
      seen.add(at - cutFrom);
      const { findings, ran } = expectSame(text);
      expect(ran).toBe(true);
      expect(findings).toHaveLength(1);
    }
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i - 12));
  });
});
