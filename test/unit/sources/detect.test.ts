import { describe, expect, it } from "vitest";
import { decodeBytes, detectShape } from "../../../shared/sources/index.ts";
import { auditSample, awslogsEvent, bytes, fixture, gz, jsonl, opts, payloadOf } from "./helpers.ts";

const eb = fixture("eventbridge-ec2-unauthorized-createnetworkinterface.json");
const records = fixture("cloudtrail-records.json");
const lookup = fixture("lookup-events.json");
const fle = fixture("filter-log-events.json");
const eventList = fixture("audit-eventlist.json");

describe("shape detection", () => {
  it.each([
    ["cwlogs-subscription-event.json", "awslogs-event"],
    ["cwlogs-subscription-decoded.json", "subscription-payload"],
    ["cwlogs-subscription-decoded-control.json", "subscription-payload"],
    ["filter-log-events.json", "log-events-output"],
    ["audit-403-cninodes.json", "audit-event"],
    ["audit-eventlist.json", "audit-event-list"],
    ["eventbridge-eks-updateaddon.json", "eventbridge-event"],
    ["cloudtrail-records.json", "cloudtrail-file"],
    ["lookup-events.json", "lookup-events-output"],
  ])("%s is %s", (name, shape) => {
    expect(detectShape(fixture(name))).toBe(shape);
  });

  it("recognises bare records and partial audit events by their keys", () => {
    expect(detectShape(records.Records[0])).toBe("cloudtrail-record");
    expect(detectShape({ verb: "get", requestURI: "/healthz" })).toBe("audit-event");
    expect(detectShape({ apiVersion: "audit.k8s.io/v1beta1", stage: "ResponseComplete" })).toBe("audit-event");
    // A core/v1 EventList (kubectl get events) is not an audit event list.
    expect(detectShape({ kind: "EventList", apiVersion: "v1", items: [] })).toBeUndefined();
    expect(detectShape({ foo: 1 })).toBeUndefined();
  });
});

describe("detection per record", () => {
  const lines = [
    awslogsEvent(payloadOf([auditSample({ auditID: "via-awslogs" })])), // line 1: 1 event
    payloadOf([auditSample({ auditID: "via-payload" })], { policyLevel: "ACCOUNT_LEVEL_POLICY" }), // 2: 1
    fle, // 3: 2 events + 1 skipped
    auditSample({ auditID: "raw" }), // 4: 1
    eventList, // 5: 2
    eb, // 6: 1
    records, // 7: 7
    records.Records[1], // 8: 1
    lookup, // 9: 2
    fixture("cwlogs-subscription-decoded-control.json"), // 10: skipped
    { unknown: true }, // 11: rejected
  ];

  it("decodes every format mixed in one JSON Lines file, plain and gzip", () => {
    for (const input of [bytes(jsonl(lines)), gz(jsonl(lines))]) {
      const r = decodeBytes(input, "mixed.jsonl", opts());
      const perLine = new Map<string, number>();
      for (const e of r.events) {
        const line = e.origin.position.split(" › ")[0]!;
        perLine.set(line, (perLine.get(line) ?? 0) + 1);
      }
      expect(Object.fromEntries(perLine)).toEqual({
        "line 1": 1, "line 2": 1, "line 3": 2, "line 4": 1, "line 5": 2, "line 6": 1, "line 7": 7, "line 8": 1, "line 9": 2,
      });
      expect(r.events.filter((e) => e.source === "audit")).toHaveLength(7);
      expect(r.rejections).toEqual([{ origin: { file: "mixed.jsonl", position: "line 11" }, reason: "unknown shape (keys: unknown)" }]);
      expect(r).toMatchObject({ skipped: 2, records: 18 + 2 + 1 });
    }
  });

  it("decodes the same formats mixed in one JSON array", () => {
    const r = decodeBytes(bytes(JSON.stringify(lines, null, 1)), "mixed.json", opts());
    expect(r.events).toHaveLength(18);
    expect(r.events[0]!.origin.position).toBe("record 1 › logEvent 1");
    expect(r.events.at(-1)!.origin.position).toBe("record 9 › Events[1]");
    expect(r.rejections.map((x) => x.origin.position)).toEqual(["record 11"]);
  });

  it("detects gzip by magic bytes, not by name", () => {
    const text = JSON.stringify(records);
    expect(decodeBytes(gz(text), "records.json", opts()).events).toHaveLength(7);
    expect(decodeBytes(bytes(text), "records.json.gz", opts()).events).toHaveLength(7);
  });
});
