// The carriers real exports produce (issue 12), each in its variants (plain, .gz, every way the
// records reach it), with matching and non-matching records: every record decoded, skipped with
// a reason or rejected and counted, and the same outcome from the whole-file decoder
// (decodeBytes: the Lambda's and the tests' path) and the streaming one (decodeStream: replay's).
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../../shared/config.ts";
import { evaluate } from "../../../shared/pipeline.ts";
import { decodeBytes } from "../../../shared/sources/index.ts";
import { decodeStream } from "../../../shared/stream/decode-stream.ts";
import type { NormalizedEvent } from "../../../shared/types.ts";
import { NO_DEFAULTS, awslogsEvent, fixture, opts } from "./helpers.ts";

const AUDIT_STREAM = "kube-apiserver-audit-71976ca11bea5d3083393f7d32dab75b";
const TRAIL_STREAM = "111122223333_CloudTrail_us-west-2";
const ORG_TRAIL_STREAM = "o-abcdefghij_111122223333_CloudTrail_us-west-2_2";

function audit(id: string, verb: string, uri: string, resource: string, name?: string): Record<string, unknown> {
  const at = "2026-05-01T10:05:00.000000Z";
  return {
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "Metadata",
    auditID: id,
    stage: "ResponseComplete",
    requestURI: uri,
    verb,
    user: { username: "kubernetes-admin", groups: ["system:masters", "system:authenticated"] },
    objectRef: { resource, namespace: "kube-system", ...(name ? { name } : {}), apiGroup: resource === "daemonsets" ? "apps" : "", apiVersion: "v1" },
    responseStatus: { code: 200 },
    requestReceivedTimestamp: at,
    stageTimestamp: at,
  };
}
/** Matches aws-node-modified. */
const WRITE = JSON.stringify(audit("a-1", "patch", "/apis/apps/v1/namespaces/kube-system/daemonsets/aws-node?fieldManager=kubectl-edit", "daemonsets", "aws-node"));
/** Matches nothing. */
const READ = JSON.stringify(audit("a-2", "get", "/api/v1/namespaces/kube-system/pods", "pods"));
/** A trail's record: the CNI's role denied CreateNetworkInterface (eni-unauthorized). */
const TRAIL = JSON.stringify(fixture("cloudtrail-records.json").Records[0]);

const payload = (stream: string, messages: string[], type = "DATA_MESSAGE") => ({
  messageType: type,
  owner: "111122223333",
  logGroup: stream.includes("CloudTrail") ? "aws-cloudtrail-logs-111122223333-0a1b2c3d" : "/aws/eks/demo-cluster/cluster",
  logStream: stream,
  subscriptionFilters: ["to-firehose"],
  logEvents: messages.map((message, i) => ({ id: `3830624198340920490000000${i}`, timestamp: 1777629900000 + i, message })),
});
const CONTROL = { ...payload("", [], "CONTROL_MESSAGE"), owner: "CloudwatchLogs", logGroup: "", logEvents: [{ id: "", timestamp: 1, message: "CWL CONTROL MESSAGE: Checking health of destination Firehose." }] };
const text = (s: string): Buffer => Buffer.from(s, "utf8");
const gz = (s: string): Buffer => gzipSync(text(s));
const iso = "2026-05-01T10:05:00.000Z";

interface Outcome {
  events: string[];
  rules: string[];
  rejections: string[];
  records: number;
  skippedBy: Record<string, number>;
}

const summarize = (events: NormalizedEvent[], rejections: Array<{ origin: { position: string }; reason: string }>, records: number, skippedBy: Record<string, number>): Outcome => ({
  events: events.map((e) => `${e.source} ${e.origin.position}`),
  rules: evaluate(events, defaultConfig()).findings.map((f) => f.rule).sort(),
  rejections: rejections.map((r) => `${r.origin.position}: ${r.reason.slice(0, 60)}`),
  records,
  skippedBy,
});

/** Both decoders over the same bytes, cut into small chunks for the stream; they must agree. */
async function decodeBoth(bytes: Buffer, name: string): Promise<Outcome> {
  const whole = decodeBytes(new Uint8Array(bytes), name, opts(NO_DEFAULTS));
  const a = summarize(whole.events, whole.rejections, whole.records, whole.skippedBy);
  const streamed: NormalizedEvent[] = [];
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += 97) yield bytes.subarray(i, i + 97);
  }
  const s = await decodeStream(chunks(), name, { defaults: NO_DEFAULTS, onEvent: (e) => streamed.push(e) });
  expect(summarize(streamed, s.rejections, s.records, s.skippedBy)).toEqual(a);
  return a;
}

const AUDIT_AND_TRAIL = ["aws-node-modified", "eni-unauthorized"];

describe("Firehose objects of subscription data", () => {
  const members = Buffer.concat([gz(JSON.stringify(payload(AUDIT_STREAM, [WRITE, READ]))), gz(JSON.stringify(CONTROL)), gz(JSON.stringify(payload(TRAIL_STREAM, [TRAIL])))]);
  const values = [payload(AUDIT_STREAM, [WRITE, READ]), CONTROL, payload(TRAIL_STREAM, [TRAIL])].map((p) => JSON.stringify(p)).join("");

  it("decodes every gzip member of an object", async () => {
    const r = await decodeBoth(members, "firehose-object");
    expect(r.events).toHaveLength(3);
    expect(r.rules).toEqual(AUDIT_AND_TRAIL);
    expect(r).toMatchObject({ rejections: [], records: 4, skippedBy: { "control-message": 1 } });
  });

  it.each([
    ["plain", text(values)],
    ["one gzip member", gz(values)],
  ])("decodes every value of `{…}{…}` (%s)", async (_v, bytes) => {
    const r = await decodeBoth(bytes, "firehose-object");
    expect(r.events).toEqual(["audit value 1 › logEvent 1", "audit value 1 › logEvent 2", "cloudtrail value 3 › logEvent 1"]);
    expect(r.rules).toEqual(AUDIT_AND_TRAIL);
    expect(r).toMatchObject({ rejections: [], records: 4, skippedBy: { "control-message": 1 } });
  });
});

describe("export tasks and aws logs tail", () => {
  it.each([
    ["export task, plain", text(`${iso} ${WRITE}\n${iso} ${READ}\n`)],
    ["export task, 000000.gz", gz(`${iso} ${WRITE}\n${iso} ${READ}\n`)],
    ["aws logs tail --format short", text(`${iso} ${WRITE}\n${iso} ${READ}\n`)],
    ["aws logs tail (detailed), with another stream's text", text(`${iso} ${AUDIT_STREAM} ${WRITE}\n${iso} authenticator-71976ca1 time="x" level=info msg="access granted"\n${iso} ${AUDIT_STREAM} ${READ}\n`)],
  ])("reads each line's message by its shape: %s", async (variant, bytes) => {
    const r = await decodeBoth(bytes, "export");
    expect(r.rules).toEqual(["aws-node-modified"]);
    expect(r.events).toHaveLength(2);
    expect(r.rejections).toEqual([]);
    expect(r.skippedBy).toEqual(variant.includes("another stream") ? { "other-log-stream": 1 } : {});
  });

  it("reads a trail stream's export task as CloudTrail", async () => {
    const r = await decodeBoth(gz(`${iso} ${TRAIL}\n`), "trail/000000.gz");
    expect(r).toMatchObject({ events: ["cloudtrail line 1"], rules: ["eni-unauthorized"], rejections: [] });
  });
});

describe("Logs Insights output", () => {
  const cell = (field: string, value: string) => ({ field, value });
  it("get-query-results: each row's @message; a row without one is rejected, the rest kept", async () => {
    const out = {
      results: [
        [cell("@timestamp", "2026-05-01 10:05:00.000"), cell("@message", WRITE)],
        [cell("@message", READ)],
        [cell("@logStream", TRAIL_STREAM), cell("@message", TRAIL)],
        [cell("@timestamp", "2026-05-01 10:05:00.000")],
      ],
      statistics: { recordsMatched: 4 },
      status: "Complete",
    };
    const r = await decodeBoth(text(JSON.stringify(out)), "query.json");
    expect(r.rules).toEqual(AUDIT_AND_TRAIL);
    expect(r.events).toHaveLength(3);
    expect(r.rejections).toHaveLength(1);
    expect(r.rejections[0]).toMatch(/^results\[3\]: a query result row without an @message field/);
    expect(r.records).toBe(4);
  });

  it("Insights rows (the console's export): plain and gzip", async () => {
    const rows = JSON.stringify([{ "@timestamp": "x", "@message": WRITE }, { "@message": READ }, { "@message": TRAIL }]);
    for (const bytes of [text(rows), gz(rows)]) {
      const r = await decodeBoth(bytes, "rows.json");
      expect(r).toMatchObject({ rules: AUDIT_AND_TRAIL, rejections: [], records: 3 });
    }
  });
});

describe("CloudTrail inside CloudWatch Logs, recognised by its own fields in every carrier", () => {
  it.each([
    ["subscription event of a trail stream", awslogsEvent(payload(TRAIL_STREAM, [TRAIL]))],
    ["subscription event of an organization trail stream (_N suffix)", awslogsEvent(payload(ORG_TRAIL_STREAM, [TRAIL]))],
    ["decoded payload of a stream named otherwise", payload("my-trail-stream", [TRAIL])],
    ["decoded payload without a stream name", { ...payload("", [TRAIL]), logStream: undefined }],
    ["filter-log-events, organization trail stream", { events: [{ logStreamName: ORG_TRAIL_STREAM, timestamp: 1, message: TRAIL, eventId: "1" }], searchedLogStreams: [] }],
    ["get-log-events (no stream names)", { events: [{ timestamp: 1, message: TRAIL, ingestionTime: 2 }], nextForwardToken: "f/1", nextBackwardToken: "b/1" }],
  ])("%s", async (_name, value) => {
    for (const bytes of [text(JSON.stringify(value)), gz(JSON.stringify(value))]) {
      const r = await decodeBoth(bytes, "cwl.json");
      expect(r).toMatchObject({ rules: ["eni-unauthorized"], rejections: [], records: 1 });
      expect(r.events[0]).toMatch(/^cloudtrail /);
    }
  });

  it("skips a non-audit stream's text, and its non-CloudTrail JSON", async () => {
    const r = await decodeBoth(text(JSON.stringify(payload("authenticator-71976ca1", ['time="x" level=info', '{"level":"info","msg":"x"}', TRAIL]))), "p.json");
    expect(r).toMatchObject({ rules: ["eni-unauthorized"], rejections: [], skippedBy: { "other-log-stream": 2 }, records: 3 });
  });
});

describe("files that are not events for us, and files rejected whole", () => {
  it("skips digests, Insights records and lookup-events --event-category insight with a reason class", async () => {
    const digest = { awsAccountId: "111122223333", digestStartTime: "2026-05-01T09:00:00Z", digestEndTime: "2026-05-01T10:00:00Z", logFiles: [] };
    const insight = { eventVersion: "1.08", eventTime: "2026-05-01T10:00:00Z", eventID: "i-1", eventType: "AwsCloudTrailInsight", eventCategory: "Insight", insightDetails: { state: "Start" } };
    const r1 = await decodeBoth(gz(JSON.stringify(digest)), "x_CloudTrail-Digest_.json.gz");
    expect(r1).toMatchObject({ events: [], rejections: [], records: 1, skippedBy: { "cloudtrail-digest": 1 } });
    const r2 = await decodeBoth(gz(JSON.stringify({ Records: [insight, JSON.parse(TRAIL)] })), "x_CloudTrail_.json.gz");
    expect(r2).toMatchObject({ rules: ["eni-unauthorized"], rejections: [], records: 2, skippedBy: { "cloudtrail-insight": 1 } });
    const r3 = await decodeBoth(text(JSON.stringify({ Events: [insight, { ...insight, eventID: "i-2" }] })), "lookup-insight.json");
    expect(r3).toMatchObject({ events: [], rejections: [], records: 2, skippedBy: { "cloudtrail-insight": 2 } });
  });

  it("counts a file rejected as a whole by its lines, not as one record", async () => {
    const lines = JSON.stringify(JSON.parse(`[${[WRITE, READ, WRITE].join(",")}]`), null, 2).split("\n");
    lines[3] = lines[3]!.replace(/,$/, ""); // a missing comma
    const broken = lines.join("\n");
    for (const bytes of [text(broken), gz(broken)]) {
      const r = await decodeBoth(bytes, "pretty.json");
      expect(r.events).toEqual([]);
      expect(r.rejections).toHaveLength(1);
      expect(r.records).toBe(lines.filter((l) => l.trim() !== "").length);
    }
  });
});
