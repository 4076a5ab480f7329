// "The same record" across carriers and for ids a caller or a replay can repeat (issue 12): an
// id counts a record once only together with its content; the same record met in two carriers
// is one record.
import { describe, expect, it } from "vitest";
import { uniqueInTimeOrder } from "../../../shared/pipeline.ts";
import { decodeBytes, decodeEventBridgeEvent } from "../../../shared/sources/index.ts";
import type { NormalizedEvent } from "../../../shared/types.ts";
import { DEFAULTS, awslogsEvent, bytes, fixture, opts, payloadOf } from "./helpers.ts";

const eb = fixture("eventbridge-ec2-unauthorized-createnetworkinterface.json");
const distinct = (events: NormalizedEvent[]): number => uniqueInTimeOrder(events).events.length;
const fromFile = (v: unknown): NormalizedEvent[] => decodeBytes(bytes(JSON.stringify(v)), "f.json", opts(DEFAULTS)).events;
const fromEventBridge = (v: unknown): NormalizedEvent[] => decodeEventBridgeEvent(v, opts(DEFAULTS)).events;

describe("record identity across sources", () => {
  it("one CloudTrail call seen as a Records file, via EventBridge and in a trail's log stream is one record", () => {
    const events = [
      ...fromFile({ Records: [eb.detail] }),
      ...fromEventBridge(eb),
      ...fromFile(awslogsEvent(payloadOf([eb.detail], { logStream: "111122223333_CloudTrail_us-west-2" }))),
    ];
    expect(events).toHaveLength(3);
    expect(distinct(events)).toBe(1);
  });

  it("EventBridge envelopes sharing an id: the same detail is one record, another detail is another", () => {
    const { eventID: _dropped, ...noEventId } = eb.detail; // then the envelope id is the record id
    const a = { ...eb, detail: noEventId };
    const other = { ...a, detail: { ...noEventId, eventName: "AssignPrivateIpAddresses", eventTime: "2025-06-03T13:43:00Z" } };
    const events = [...fromEventBridge(a), ...fromEventBridge(a), ...fromEventBridge(other)];
    expect(new Set(events.map((e) => e.recordId)).size).toBe(1); // all `eb:<id>`
    expect(distinct(events)).toBe(2);
  });

  it("an audit event with a chosen Audit-ID: a redelivery is one record, another request reusing the id is another", () => {
    const base = fixture("audit-403-cninodes.json");
    const reuse = { ...base, verb: "get", requestURI: "/api/v1/namespaces/default/pods", stageTimestamp: "2026-05-01T10:00:00.000001Z" };
    const events = [
      ...fromFile(base),
      ...fromFile({ events: [{ logStreamName: "kube-apiserver-audit-1", timestamp: 1, message: JSON.stringify(base), eventId: "9" }] }),
      ...fromFile(reuse),
    ];
    expect(new Set(events.map((e) => e.recordId)).size).toBe(1);
    expect(distinct(events)).toBe(2);
  });
});
