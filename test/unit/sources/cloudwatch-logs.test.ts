import { describe, expect, it } from "vitest";
import { decodeBytes, decodeCloudWatchLogsEvent } from "../../../shared/sources/index.ts";
import { DEFAULTS, NO_DEFAULTS, auditSample, awslogsEvent, bytes, fixture, fixtureText, gz, jsonl, opts, payloadOf } from "./helpers.ts";

const decoded = fixture("cwlogs-subscription-decoded.json");
const AUDIT_IDS = [
  "audit:8c1f3a52-0d7e-4f8b-9a51-2b6f0c9e7d14:ResponseComplete",
  "audit:9d2e4b63-1e8f-4a9c-8b62-3c7f1d0e8e25:ResponseComplete",
];

describe("CloudWatch Logs subscription Lambda event", () => {
  it("decodes the recorded event: base64 → gzip → payload → audit records", () => {
    const r = decodeCloudWatchLogsEvent(fixture("cwlogs-subscription-event.json"), { ...opts(DEFAULTS), origin: "req-1" });
    expect(r.rejections).toEqual([]);
    expect(r.events.map((e) => e.recordId)).toEqual(AUDIT_IDS);
    const [first] = r.events;
    expect(first).toMatchObject({
      source: "audit",
      // the log group names the cluster and the owner the account; the payload has no region
      cluster: "demo-cluster",
      account: "111122223333",
      region: "ap-south-1",
      timeMs: Date.UTC(2024, 4, 27, 8, 15, 30, 413),
      origin: { file: "req-1", position: "logEvent 1" },
    });
    expect(first!.source === "audit" && first!.record.responseStatus?.code).toBe(403);
    expect(r).toMatchObject({ records: 2, skipped: 0, filtered: 0 });
    expect(r.batchId).toMatch(/^cwl:[0-9a-f]{32}$/);
  });

  it("gives the same events from the Lambda event and from its decoded payload", () => {
    const viaEvent = decodeCloudWatchLogsEvent(awslogsEvent(decoded), opts());
    const viaPayload = decodeCloudWatchLogsEvent(decoded, opts());
    expect(viaPayload.events).toEqual(viaEvent.events);
    expect(viaPayload.batchId).toBe(viaEvent.batchId);
  });

  it("tolerates policyLevel and unknown extra fields", () => {
    const withPolicy = fixture("cwlogs-subscription-decoded-account-policy.json");
    const r = decodeCloudWatchLogsEvent(awslogsEvent({ ...withPolicy, futureField: { a: [1] } }), opts());
    expect(r.rejections).toEqual([]);
    expect(r.events.map((e) => e.recordId)).toEqual(AUDIT_IDS);
  });

  it("skips a CONTROL_MESSAGE without rejecting it", () => {
    const r = decodeCloudWatchLogsEvent(awslogsEvent(fixture("cwlogs-subscription-decoded-control.json")), opts());
    expect(r).toMatchObject({ events: [], rejections: [], skipped: 1, records: 1 });
    expect(r.batchId).not.toBeNull();
  });

  it("accepts an empty logEvents array", () => {
    const r = decodeCloudWatchLogsEvent(awslogsEvent(payloadOf([])), opts());
    expect(r).toMatchObject({ events: [], rejections: [], records: 0, skipped: 0 });
    expect(r.batchId).not.toBeNull();
  });

  it("skips messages of known non-audit streams (authenticator, scheduler)", () => {
    for (const logStream of ["authenticator-71976ca11bea5d3083393f7d32dab75b", "kube-scheduler-0a1b2c"]) {
      const p = payloadOf(['time="2024-05-27T08:15:30Z" level=info msg="access granted"', "I0527 08:15:30 scheduled"], { logStream });
      const r = decodeCloudWatchLogsEvent(awslogsEvent(p), opts());
      expect(r).toMatchObject({ events: [], rejections: [], skipped: 2, records: 2 });
    }
  });

  it("decodes messages when the stream is unknown", () => {
    const r = decodeCloudWatchLogsEvent(payloadOf([auditSample()], { logStream: "" }), opts());
    expect(r.events).toHaveLength(1);
  });

  it("takes the account from the owner, but not from the control owner 'CloudwatchLogs'", () => {
    const own = decodeCloudWatchLogsEvent(payloadOf([auditSample()], { owner: "444455556666" }), opts(DEFAULTS));
    expect(own.events[0]!.account).toBe("444455556666");
    const control = decodeCloudWatchLogsEvent(payloadOf([auditSample()], { owner: "CloudwatchLogs" }), opts(DEFAULTS));
    expect(control.events[0]!.account).toBe(DEFAULTS.account);
  });

  it("uses the default cluster when the log group is not an EKS cluster group", () => {
    for (const logGroup of ["/custom/audit", "/aws/eks/a/b/cluster", undefined]) {
      const r = decodeCloudWatchLogsEvent(payloadOf([auditSample()], { logGroup }), opts(DEFAULTS));
      expect(r.events[0]!.cluster).toBe("default-cluster");
    }
    const none = decodeCloudWatchLogsEvent(payloadOf([auditSample()], { logGroup: "/custom/audit" }), opts(NO_DEFAULTS));
    expect(none.events[0]!.cluster).toBeNull();
  });

  it("prefilters raw messages before parsing them and counts them as filtered", () => {
    const seen: string[] = [];
    const keep = (raw: string): boolean => {
      seen.push(raw);
      return raw.includes('"code":403');
    };
    const allowed = { ...auditSample({ auditID: "allowed-1" }), responseStatus: { metadata: {}, code: 200 } };
    // A non-JSON message the filter drops is never parsed, so it is not rejected.
    const p = payloadOf([auditSample(), allowed, "not json at all"]);
    const r = decodeCloudWatchLogsEvent(awslogsEvent(p), opts(NO_DEFAULTS, { keepAuditMessage: keep }));
    expect(seen).toEqual((p.logEvents as Array<{ message: string }>).map((e) => e.message));
    expect(r.events.map((e) => e.recordId)).toEqual([AUDIT_IDS[0]]);
    expect(r).toMatchObject({ filtered: 2, rejections: [], records: 3 });
  });

  it("falls back to cwl:<log event id> and the log event time when the record has no auditID or times", () => {
    const bare = { verb: "patch", objectRef: { resource: "cninodes" }, responseStatus: { code: 403 } };
    const r = decodeCloudWatchLogsEvent(payloadOf([bare], {}, 4242), opts());
    expect(r.events[0]).toMatchObject({ recordId: "cwl:4242", timeMs: 1716797730000 });
  });
});

describe("batchId", () => {
  const p = payloadOf([auditSample({ auditID: "a" }), auditSample({ auditID: "b" }), auditSample({ auditID: "c" })]);
  const id = (payload: unknown): string | null => decodeCloudWatchLogsEvent(awslogsEvent(payload), opts()).batchId;

  it("is stable across redelivery and the order of log events", () => {
    const reordered = { ...p, logEvents: [...(p.logEvents as unknown[])].reverse() };
    expect(id(p)).toBe(id(structuredClone(p)));
    expect(id(reordered)).toBe(id(p));
  });

  it("differs for other log events, streams or groups", () => {
    const base = id(p);
    expect(id(payloadOf([auditSample()], {}, 7))).not.toBe(base);
    expect(id({ ...p, logStream: "kube-apiserver-audit-other" })).not.toBe(base);
    expect(id({ ...p, logGroup: "/aws/eks/other/cluster" })).not.toBe(base);
  });

  it("is null when the payload cannot be decoded", () => {
    expect(decodeCloudWatchLogsEvent({ awslogs: { data: "!!!" } }, opts()).batchId).toBeNull();
    expect(decodeCloudWatchLogsEvent({ nothing: true }, opts()).batchId).toBeNull();
  });
});

describe("CloudWatch Logs carriers in files", () => {
  it("reads the Lambda event file and the decoded payload file, plain and gzip", () => {
    for (const name of ["cwlogs-subscription-event.json", "cwlogs-subscription-decoded.json", "cwlogs-subscription-decoded-account-policy.json"]) {
      const text = fixtureText(name);
      for (const input of [bytes(text), gz(text)]) {
        const r = decodeBytes(input, name, opts());
        expect(r.rejections).toEqual([]);
        expect(r.events.map((e) => [e.recordId, e.origin.position])).toEqual([
          [AUDIT_IDS[0], "logEvent 1"],
          [AUDIT_IDS[1], "logEvent 2"],
        ]);
      }
    }
  });

  it("reads JSON Lines and arrays of Lambda events, with positions per line/record", () => {
    const one = awslogsEvent(payloadOf([auditSample({ auditID: "x1" })]));
    const two = awslogsEvent(payloadOf([auditSample({ auditID: "x2" }), auditSample({ auditID: "x3" })], { logGroup: "/aws/eks/second/cluster" }, 50));
    const lines = decodeBytes(gz(jsonl([one, two])), "cwl.jsonl.gz", opts());
    expect(lines.events.map((e) => [e.recordId, e.cluster, e.origin.position])).toEqual([
      ["audit:x1:ResponseComplete", "demo-cluster", "line 1 › logEvent 1"],
      ["audit:x2:ResponseComplete", "second", "line 2 › logEvent 1"],
      ["audit:x3:ResponseComplete", "second", "line 2 › logEvent 2"],
    ]);
    const array = decodeBytes(bytes(JSON.stringify([one, two])), "cwl.json", opts());
    expect(array.events.map((e) => e.origin.position)).toEqual(["record 1 › logEvent 1", "record 2 › logEvent 1", "record 2 › logEvent 2"]);
  });

  it("reads `aws logs filter-log-events` output, skipping non-audit streams", () => {
    const r = decodeBytes(bytes(fixtureText("filter-log-events.json")), "fle.json", opts(DEFAULTS));
    expect(r.rejections).toEqual([]);
    expect(r.events.map((e) => [e.recordId, e.origin.position, e.cluster])).toEqual([
      ["audit:8c1f3a52-0d7e-4f8b-9a51-2b6f0c9e7d14:ResponseComplete", "events[0]", "default-cluster"],
      ["audit:d2a6e0f4-1b3c-4e59-a7d8-6c0f2e9b4a31:ResponseComplete", "events[2]", "default-cluster"],
    ]);
    expect(r).toMatchObject({ skipped: 1, records: 3 });
  });

  it("applies the prefilter to filter-log-events messages too, and falls back to eventId", () => {
    const out = fixture("filter-log-events.json");
    const noAuditId = { ...auditSample(), auditID: undefined };
    out.events[0].message = JSON.stringify(noAuditId);
    const r = decodeBytes(bytes(JSON.stringify(out)), "fle.json", opts(NO_DEFAULTS, { keepAuditMessage: (m) => !m.includes("aws-node") }));
    expect(r.events.map((e) => e.recordId)).toEqual([`cwl:${out.events[0].eventId}`]);
    expect(r).toMatchObject({ filtered: 1, skipped: 1, records: 3 });
  });
});
