import { describe, expect, it } from "vitest";
import { decodeBytes, decodeCloudWatchLogsEvent } from "../../../shared/sources/index.ts";
import { parseRfc3339 } from "../../../shared/sources/time.ts";
import type { AuditEvent } from "../../../shared/types.ts";
import { DEFAULTS, auditSample, bytes, fixtureText, gz, jsonl, opts, payloadOf } from "./helpers.ts";

const audit = (events: unknown[]): AuditEvent[] => events as AuditEvent[];

describe("raw Kubernetes audit events", () => {
  it("reads JSON Lines of audit events (plain and gzip) with the caller's placement", () => {
    const text = fixtureText("audit-stages.jsonl");
    for (const input of [bytes(text), gz(text)]) {
      const r = decodeBytes(input, "audit.jsonl", opts(DEFAULTS));
      expect(r.rejections).toEqual([]);
      expect(r.events.map((e) => [e.recordId, e.origin.position])).toEqual([
        ["audit:3f9b2c7e-6a41-4e0d-8b2f-91d5c4a7e6b0:RequestReceived", "line 1"],
        ["audit:3f9b2c7e-6a41-4e0d-8b2f-91d5c4a7e6b0:ResponseComplete", "line 2"],
        ["audit:5a0c9e1b-7f3d-4c62-9e84-1d2b3c4d5e6f:ResponseComplete", "line 3"],
        ["audit:e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b:ResponseComplete", "line 4"],
        ["audit:77aa88bb-99cc-4dde-8eff-001122334455:ResponseComplete", "line 5"],
      ]);
      for (const e of r.events) expect(e).toMatchObject({ cluster: "default-cluster", account: "999988887777", region: "ap-south-1" });
    }
  });

  it("keeps the two stages of one auditID as two records with their own times", () => {
    const [received, complete] = audit(decodeBytes(bytes(fixtureText("audit-stages.jsonl")), "a", opts()).events);
    expect(received!.record.auditID).toBe(complete!.record.auditID);
    expect(received!.recordId).not.toBe(complete!.recordId);
    expect(received!.timeMs).toBe(Date.UTC(2024, 5, 3, 10, 2, 11, 208));
    expect(complete!.timeMs).toBe(Date.UTC(2024, 5, 3, 10, 2, 11, 215));
  });

  it("accepts a 403 without responseStatus.message (k8s ≤ 1.22) and records without objectRef", () => {
    const events = audit(decodeBytes(bytes(fixtureText("audit-stages.jsonl")), "a", opts()).events);
    expect(events[2]!.record.responseStatus).toEqual({ metadata: {}, status: "Failure", reason: "Forbidden", code: 403 });
    expect(events[3]!.record.objectRef).toBeUndefined();
    expect(events[4]!.record.objectRef?.subresource).toBe("status");
  });

  it("reads a JSON array, a single object and an EventList", () => {
    const a = auditSample();
    const arr = decodeBytes(bytes(JSON.stringify([a, { ...a, stage: "ResponseStarted" }])), "arr.json", opts());
    expect(arr.events.map((e) => [e.recordId, e.origin.position])).toEqual([
      [`audit:${a.auditID}:ResponseComplete`, "record 1"],
      [`audit:${a.auditID}:ResponseStarted`, "record 2"],
    ]);
    const single = decodeBytes(bytes(JSON.stringify(a, null, 2)), "one.json", opts());
    expect(single.events.map((e) => e.origin.position)).toEqual(["document"]);
    const list = decodeBytes(bytes(fixtureText("audit-eventlist.json")), "list.json", opts());
    expect(list.rejections).toEqual([]);
    expect(list.events.map((e) => e.origin.position)).toEqual(["items[0]", "items[1]"]);
  });

  it("takes stageTimestamp, else requestReceivedTimestamp, else the log event time", () => {
    const a = auditSample();
    const noStage = { ...a, stageTimestamp: undefined };
    const noTimes = { ...noStage, requestReceivedTimestamp: undefined };
    const r = decodeCloudWatchLogsEvent(payloadOf([a, noStage, noTimes]), opts());
    expect(r.events.map((e) => e.timeMs)).toEqual([
      Date.UTC(2024, 4, 27, 8, 15, 30, 413),
      Date.UTC(2024, 4, 27, 8, 15, 30, 412),
      1716797730002,
    ]);
  });

  it("falls back to a stable content hash when there is neither auditID nor log event id", () => {
    const rec = { verb: "delete", requestURI: "/api/v1/namespaces/kube-system/serviceaccounts/aws-node", stageTimestamp: "2024-05-27T08:15:30Z" };
    const first = decodeBytes(bytes(JSON.stringify(rec)), "a", opts()).events[0]!;
    const again = decodeBytes(bytes(JSON.stringify([rec])), "b", opts()).events[0]!;
    const other = decodeBytes(bytes(JSON.stringify({ ...rec, verb: "patch" })), "c", opts()).events[0]!;
    expect(first.recordId).toMatch(/^audit-hash:[0-9a-f]{32}$/);
    expect(again.recordId).toBe(first.recordId);
    expect(other.recordId).not.toBe(first.recordId);
  });

  it("treats null optional fields as absent", () => {
    const r = decodeBytes(bytes(JSON.stringify(auditSample({ objectRef: null, impersonatedUser: null }))), "a", opts());
    const rec = audit(r.events)[0]!.record;
    expect(r.rejections).toEqual([]);
    expect("objectRef" in rec).toBe(false);
    expect("impersonatedUser" in rec).toBe(false);
  });
});

describe("audit field validation", () => {
  const reasonOf = (over: Record<string, unknown>): string | undefined =>
    decodeBytes(bytes(JSON.stringify(auditSample(over))), "a.json", opts()).rejections[0]?.reason;

  it.each([
    [{ verb: 7 }, "verb must be a string, got number"],
    [{ auditID: ["x"] }, "auditID must be a string, got array"],
    [{ user: "eks:vpc-resource-controller" }, "user must be an object, got string"],
    [{ user: { username: 1 } }, "user.username must be a string, got number"],
    [{ user: { username: "u", groups: ["a", 2] } }, "user.groups[1] must be a string, got number"],
    [{ user: { username: "u", extra: { arn: "not-a-list" } } }, 'user.extra["arn"] must be an array of strings, got string'],
    [{ sourceIPs: "10.0.0.1" }, "sourceIPs must be an array of strings, got string"],
    [{ objectRef: { resource: 5 } }, "objectRef.resource must be a string, got number"],
    [{ responseStatus: { code: "403" } }, "responseStatus.code must be a number, got string"],
    [{ responseStatus: { code: 403, message: { text: "x" } } }, "responseStatus.message must be a string, got object"],
    [{ annotations: { "authorization.k8s.io/decision": true } }, 'annotations["authorization.k8s.io/decision"] must be a string, got boolean'],
    [{ stageTimestamp: 1716797730 }, "stageTimestamp must be a string, got number"],
    [{ stageTimestamp: "May 27 2024" }, 'stageTimestamp is not an RFC 3339 time: "May 27 2024"'],
    [{ stageTimestamp: "2024-02-30T00:00:00Z" }, 'stageTimestamp is not an RFC 3339 time: "2024-02-30T00:00:00Z"'],
    [{ auditID: undefined, verb: undefined }, "an audit event needs auditID or verb; it has neither"],
    [{ stageTimestamp: undefined, requestReceivedTimestamp: undefined }, "an audit event needs stageTimestamp or requestReceivedTimestamp; it has neither"],
  ])("rejects %j: %s", (over, reason) => {
    expect(reasonOf(over)).toBe(reason);
  });

  it("accepts unknown extra fields and missing optional fields", () => {
    expect(reasonOf({ newField: { deep: [1, 2] }, requestObject: { spec: {} } })).toBeUndefined();
    expect(reasonOf({ user: undefined, objectRef: undefined, responseStatus: undefined, annotations: undefined, sourceIPs: undefined })).toBeUndefined();
  });

  it("rejects a bad record with its position and keeps the rest of the file", () => {
    const good = auditSample();
    const r = decodeBytes(bytes(jsonl([good, { ...good, auditID: "bad", verb: 1 }, { ...good, auditID: "ok2" }])), "mix.jsonl", opts());
    expect(r.events.map((e) => e.origin.position)).toEqual(["line 1", "line 3"]);
    expect(r.rejections).toEqual([{ origin: { file: "mix.jsonl", position: "line 2" }, reason: "verb must be a string, got number" }]);
  });
});

describe("RFC 3339 times", () => {
  it.each([
    ["2021-09-27T08:36:44.014671Z", Date.UTC(2021, 8, 27, 8, 36, 44, 14)],
    ["2021-09-27T08:36:44Z", Date.UTC(2021, 8, 27, 8, 36, 44)],
    ["2021-09-27T10:36:44.5+02:00", Date.UTC(2021, 8, 27, 8, 36, 44, 500)],
    ["2021-09-27t08:36:44.123456789z", Date.UTC(2021, 8, 27, 8, 36, 44, 123)],
    ["2021-09-27T05:06:44-03:30", Date.UTC(2021, 8, 27, 8, 36, 44)],
  ])("parses %s", (s, ms) => expect(parseRfc3339(s)).toBe(ms));

  it.each(["2021-09-27", "2021-13-01T00:00:00Z", "2021-09-27T24:00:00Z", "2021-09-27T08:36:44", "Mon, 27 Sep 2021 08:36:44 GMT", ""])(
    "rejects %j",
    (s) => expect(parseRfc3339(s)).toBeUndefined(),
  );
});
