// A CloudTrail record inside an audit stream (or a payload naming no stream) is read as
// CloudTrail (log-message.ts). The Lambda drops audit messages unparsed on two paths, the
// payload scan (fast-payload.ts) and the message prefilter (the full parse), and both only know
// the audit rules' triggers: they must keep such records, so that the Lambda's findings are
// a replay's (no prefilter at all), whichever path ran.
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultConfig, type AuditorConfig } from "../../../shared/config.ts";
import { evaluate } from "../../../shared/pipeline.ts";
import { auditPrefiltersFor } from "../../../shared/prefilter/index.ts";
import { RULES } from "../../../shared/rules/index.ts";
import { mayBeCloudTrailMessage } from "../../../shared/prefilter/cloudtrail-message.ts";
import { newContext } from "../../../shared/sources/context.ts";
import { detectShape } from "../../../shared/sources/detect.ts";
import { decodePayloadBytes } from "../../../shared/sources/fast-payload.ts";
import { decodeCloudWatchLogsEvent } from "../../../shared/sources/index.ts";
import type { RuleId } from "../../../shared/types.ts";
import { auditRecord, spell, spelling } from "../prefilter/arbitraries.ts";
import { goJson } from "../prefilter/scan-helpers.ts";
import { DEFAULTS, fixture } from "./helpers.ts";

const TRAIL: Record<string, any>[] = fixture("cloudtrail-records.json").Records;
const AUDIT_403 = fixture("audit-403-cninodes.json");
const AUDIT_STREAM = "kube-apiserver-audit-71976ca11bea5d3083393f7d32dab75b";

function payloadText(messages: readonly string[], logStream: string): string {
  const header = { messageType: "DATA_MESSAGE", owner: "111122223333", logGroup: "/aws/eks/demo-cluster/cluster", logStream };
  const logEvents = messages.map((message, i) => ({ id: `38306241983409204900${String(i).padStart(4, "0")}`, timestamp: 1716797730000 + i, message }));
  return JSON.stringify({ ...header, logEvents });
}

/** The three ways a payload is decoded: the Lambda's fast path, its full parse, and a replay's. */
function decodeThree(text: string, config: AuditorConfig) {
  const prefilters = auditPrefiltersFor(RULES, config);
  const event = { awslogs: { data: gzipSync(Buffer.from(text, "utf8")).toString("base64") } };
  const ran = decodePayloadBytes(newContext("direct", DEFAULTS, prefilters), Buffer.from(text, "utf8"), "") !== undefined;
  return {
    ran: prefilters.candidateScan === undefined || ran,
    fast: decodeCloudWatchLogsEvent(event, { defaults: DEFAULTS, ...prefilters }),
    full: decodeCloudWatchLogsEvent(event, { defaults: DEFAULTS, keepAuditMessage: prefilters.keepAuditMessage }),
    replay: decodeCloudWatchLogsEvent(event, { defaults: DEFAULTS }),
  };
}

const findingsOf = (events: Parameters<typeof evaluate>[0], config: AuditorConfig) => evaluate(events, config).findings;

describe("CloudTrail records in an audit stream: the same findings on every path", () => {
  it("keeps every record of a trail among audit noise, with or without a stream name", () => {
    const noise = goJson({ ...AUDIT_403, responseStatus: { code: 200 }, user: { username: "kubernetes-admin" } });
    const messages = [noise, ...TRAIL.map((r) => JSON.stringify(r)), noise, goJson(AUDIT_403)];
    for (const stream of [AUDIT_STREAM, ""]) {
      const config = defaultConfig();
      const { ran, fast, full, replay } = decodeThree(payloadText(messages, stream), config);
      expect(ran).toBe(true);
      const expected = findingsOf(replay.events, config);
      expect(expected.map((f) => f.rule)).toContain("eni-unauthorized"); // not vacuous
      expect(expected.length).toBeGreaterThan(3);
      expect(findingsOf(fast.events, config)).toEqual(expected);
      expect(findingsOf(full.events, config)).toEqual(expected);
      // Every record was parsed on the Lambda's paths: only the two noise messages were filtered.
      expect(fast.filtered).toBe(2);
      expect(full.filtered).toBe(2);
      expect(fast.records).toBe(replay.records);
    }
  });

  it("still filters audit noise: a Go-written audit record is no CloudTrail candidate", () => {
    expect(mayBeCloudTrailMessage(goJson(AUDIT_403))).toBe(false);
    expect(mayBeCloudTrailMessage(goJson({ ...AUDIT_403, requestURI: "/api/v1/pods?limit=500&watch=true" }))).toBe(false);
    expect(mayBeCloudTrailMessage(JSON.stringify(TRAIL[0]))).toBe(true);
    expect(mayBeCloudTrailMessage('{"\\u0065ventName":"CreateNetworkInterface"}')).toBe(true); // an escaped key
  });

  // CloudTrail records spelled every way JSON.parse reads alike (escaped keys, whitespace,
  // key order), among spelled and Go-written audit records, under configs that disable rules
  // (all audit rules: the payload scan then marks nothing of its own).
  const trailMessage = fc.tuple(fc.constantFrom(...TRAIL), spelling).map(([r, s]) => spell(r, s));
  const auditMessage = fc.oneof(
    fc.tuple(auditRecord, spelling).map(([r, s]) => spell(r, s)),
    auditRecord.map((r) => goJson(r as Record<string, unknown>)),
  );
  const AUDIT_RULES = RULES.filter((r) => r.source === "audit").map((r) => r.id);
  const config = fc
    .constantFrom<RuleId[]>([], ["eni-unauthorized" as RuleId], AUDIT_RULES as RuleId[])
    .map((disabled) => defaultConfig({ disabledRules: disabled }));

  it("agrees with a replay on generated payloads (property)", () => {
    let trailFindings = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof(trailMessage, auditMessage), { maxLength: 8 }), fc.constantFrom(AUDIT_STREAM, ""), config, (messages, stream, cfg) => {
        const { ran, fast, full, replay } = decodeThree(payloadText(messages, stream), cfg);
        expect(ran).toBe(true);
        const expected = findingsOf(replay.events, cfg);
        expect(findingsOf(fast.events, cfg)).toEqual(expected);
        expect(findingsOf(full.events, cfg)).toEqual(expected);
        expect(fast.records).toBe(replay.records);
        trailFindings += expected.filter((f) => RULES.find((r) => r.id === f.rule)?.source !== "audit").length;
      }),
      { numRuns: 200 },
    );
    expect(trailFindings).toBeGreaterThan(50);
  });

  it("the raw check keeps every message detectShape reads as a CloudTrail record (property)", () => {
    fc.assert(
      fc.property(trailMessage, (m) => {
        const v = JSON.parse(m) as Record<string, unknown>;
        if (detectShape(v) === "cloudtrail-record") expect(mayBeCloudTrailMessage(m)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
