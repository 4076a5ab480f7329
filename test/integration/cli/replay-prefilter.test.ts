// The raw audit JSON Lines prefilter (shared/prefilter/audit-lines.ts) is exact: a line it
// passes over decodes to no event that an enabled trigger accepts, however the JSON is spelled
// (escapes, whitespace, number forms, key order after the API server's opening), and a line
// that could be read as another shape is never passed over. And it filters at all.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../../shared/config.ts";
import { auditLineFilter, auditLineFilterFor } from "../../../shared/prefilter/audit-lines.ts";
import { enabledAuditTriggers } from "../../../shared/prefilter/enabled-triggers.ts";
import { auditPrefilterFor, compileAuditPrefilter } from "../../../shared/prefilter/index.ts";
import { ALL_RULES, RULES, auditTriggerAccepts } from "../../../shared/rules/index.ts";
import { cloudTrailRecordFilter } from "../../../shared/stream/cloudtrail-records.ts";
import { Collector } from "../../../shared/stream/collector.ts";
import { decodeBytes } from "../../../shared/sources/index.ts";
import type { K8sAuditRecord } from "../../../shared/types.ts";
import { auditRecord, spell, spelling } from "../../unit/prefilter/arbitraries.ts";
import { extraUsers, trigger } from "../../unit/prefilter/scan-helpers.ts";

const NO_PLACEMENT = { cluster: null, account: null, region: null };

/** The record as the API server opens it (kind, apiVersion, level, auditID), the rest spelled by `s`, on one line. */
function line(record: K8sAuditRecord, s: Parameters<typeof spell>[1]): string {
  const { kind: _k, apiVersion: _a, level, auditID, ...rest } = record as K8sAuditRecord & Record<string, unknown>;
  const head = `{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":${JSON.stringify(level ?? "Metadata")},"auditID":${JSON.stringify(auditID)}`;
  const body = spell(rest, s).replace(/[\r\n]/g, " ").trim();
  const inner = body.slice(1, -1).trim();
  return inner === "" ? `${head}}` : `${head},${inner}}`;
}

describe("auditLineFilter: never passes over what a trigger accepts", () => {
  it("keeps every line whose event a trigger accepts, however the JSON is spelled", () => {
    fc.assert(
      fc.property(fc.array(trigger, { minLength: 1, maxLength: 3 }), extraUsers, auditRecord, spelling, (triggers, extra, record, s) => {
        const text = line(record, s);
        const keep = auditLineFilter(compileAuditPrefilter(triggers, extra));
        if (keep(Buffer.from(text))) return;
        const decoded = decodeBytes(Buffer.from(text), "l", { defaults: NO_PLACEMENT });
        for (const e of decoded.events) {
          expect(e.source === "audit" && triggers.some((t) => auditTriggerAccepts(t, e.record, extra)), text).toBe(false);
        }
      }),
      { numRuns: 4000 },
    );
  });

  it("its one pass over many lines (batch) never passes over a line it would keep alone", () => {
    fc.assert(
      fc.property(fc.array(trigger, { minLength: 1, maxLength: 3 }), extraUsers, fc.array(fc.tuple(auditRecord, spelling), { minLength: 1, maxLength: 6 }), (triggers, extra, records) => {
        const lines = records.map(([r, s]) => line(r, s));
        const filter = auditLineFilterFor(compileAuditPrefilter(triggers, extra), triggers, extra);
        const buf = Buffer.from(`${lines.join("\n")}\n`);
        const starts: number[] = [];
        const ends: number[] = [];
        for (let at = 0, end = buf.indexOf(10); end !== -1; at = end + 1, end = buf.indexOf(10, at)) starts.push(at), ends.push(end);
        const batch = filter.batch(buf, starts, ends);
        starts.forEach((a, i) => {
          if (!batch[i]) expect(filter(buf.subarray(a, ends[i])), lines[i]).toBe(false);
        });
      }),
      { numRuns: 1500 },
    );
  });

  const keep = auditLineFilterFor(auditPrefilterFor(RULES, defaultConfig()), enabledAuditTriggers(RULES, defaultConfig()), []);
  const batchKeeps = (text: string): boolean => keep.batch(Buffer.from(text), [0], [Buffer.byteLength(text)])[0] === 1;
  const benign = JSON.stringify({
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "Metadata",
    auditID: "b-1",
    stage: "ResponseComplete",
    requestURI: "/api/v1/namespaces/default/pods?limit=500&watch=true",
    verb: "get",
    user: { username: "system:kube-scheduler" },
    objectRef: { resource: "pods", namespace: "default", name: "p" },
    responseStatus: { code: 200 },
    stageTimestamp: "2026-11-19T08:00:00.000001Z",
  });
  const ct = JSON.parse(readFileSync("test/fixtures/sources/eventbridge-ec2-unauthorized-createnetworkinterface.json", "utf8")).detail;

  it("passes over a routine audit event as the API server writes it (it filters at all)", () => {
    expect(keep(Buffer.from(benign))).toBe(false);
    expect(batchKeeps(benign)).toBe(false);
    expect(keep(Buffer.from(benign.replace("&watch", "\\u0026watch")))).toBe(false); // Go's own escapes
  });

  it.each([
    ["a CloudTrail file's Records", `,"Records":[${JSON.stringify(ct)}]}`],
    ["a CloudTrail record's own fields", `,"eventSource":"ec2.amazonaws.com","eventName":"CreateNetworkInterface"}`],
    ["an EventList by a later kind", `,"kind":"EventList","items":[]}`],
    ["a subscription payload's logEvents", `,"logEvents":[],"messageType":"DATA_MESSAGE"}`],
    ["an EventBridge detail", `,"detail":{},"source":"aws.ec2"}`],
    ["a key spelled with escapes", `,"\\u0052ecords":[]}`],
    ["a trigger's key spelled with escapes", `,"responseStatus":{"c\\u006fde":403}}`],
  ])("keeps a line that could be more than a routine audit event: %s", (_name, tail) => {
    expect(keep(Buffer.from(benign.slice(0, -1) + tail))).toBe(true);
    expect(batchKeeps(benign.slice(0, -1) + tail)).toBe(true);
  });

  it("keeps a near match whose listed field has the wrong type: the decoder must report it", () => {
    const denied = JSON.parse(benign);
    Object.assign(denied, { user: { username: "eks:vpc-resource-controller" }, objectRef: { resource: "cninodes", name: "n" }, responseStatus: { code: 403 } });
    expect(keep(Buffer.from(JSON.stringify({ ...denied, verb: 5 })))).toBe(true);
    expect(decodeBytes(Buffer.from(JSON.stringify({ ...denied, verb: 5 })), "l", { defaults: NO_PLACEMENT }).rejections[0]?.reason).toContain("verb");
  });

  it.each([
    ["not the API server's opening", benign.replace('{"kind":"Event",', '{ "kind":"Event",')],
    ["not JSON", `${benign.slice(0, 60)}`],
    ["an array", `[${benign}]`],
  ])("parses a line that does not open as an audit event: %s", (_name, text) => {
    expect(keep(Buffer.from(text))).toBe(true);
  });
});

describe("cloudTrailRecordFilter: never passes over a record a rule can match or learn from", () => {
  const base = JSON.parse(readFileSync("test/fixtures/sources/eventbridge-ec2-unauthorized-createnetworkinterface.json", "utf8")).detail as Record<string, unknown>;
  const triggers = RULES.flatMap((r) => (r.source === "cloudtrail" ? r.triggers : []));
  const sources = [...new Set(triggers.map((t) => t.eventSource)), "s3.amazonaws.com"];
  const names = [...new Set(triggers.flatMap((t) => t.eventNames)), "GetObject", "DescribeInstances"];
  const classifier = new Collector(ALL_RULES, defaultConfig(), { nowMs: Date.parse("2027-01-01T00:00:00Z") });
  const filter = cloudTrailRecordFilter(RULES);
  const record = fc.record({
    eventSource: fc.oneof(fc.constantFrom(...sources), fc.constant(7)),
    eventName: fc.constantFrom(...names),
    errorCode: fc.option(fc.constantFrom("AccessDenied", "Client.UnauthorizedOperation", ""), { nil: undefined }),
    requestParameters: fc.constantFrom(
      base.requestParameters,
      { namespace: "kube-system", serviceAccount: "aws-node", clusterName: "c" },
      { clusterName: "c", addonName: "vpc-cni", addonVersion: "v1.19.4-eksbuild.1" },
    ),
    responseElements: fc.constantFrom(null, { association: { namespace: "kube-system", serviceAccount: "aws-node" } }),
  });

  it("keeps every record whose event the rules would take", () => {
    fc.assert(
      fc.property(record, fc.integer({ min: 0, max: 9999 }), (fields, i) => {
        const r = { ...base, ...fields, eventID: `e-${i}` };
        if (filter(r)) return;
        const decoded = decodeBytes(Buffer.from(JSON.stringify({ Records: [r] })), "f", { defaults: NO_PLACEMENT });
        for (const e of decoded.events) expect(classifier.isCandidate(e), JSON.stringify(fields)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it("passes over a routine call, and keeps a record the decoder must reject", () => {
    expect(filter({ ...base, eventSource: "s3.amazonaws.com", eventName: "GetObject", errorCode: undefined })).toBe(false);
    expect(filter({ ...base, eventName: 5 })).toBe(true);
    expect(filter("not a record")).toBe(true);
  });
});
