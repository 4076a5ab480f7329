import { describe, expect, it } from "vitest";
import { decodeBytes, decodeEventBridgeEvent } from "../../../shared/sources/index.ts";
import { DEFAULTS, bytes, fixture, gz, jsonl, opts } from "./helpers.ts";

const ec2 = fixture("eventbridge-ec2-unauthorized-createnetworkinterface.json");
const eks = fixture("eventbridge-eks-updateaddon.json");

describe("EventBridge events (Lambda)", () => {
  it("decodes the CloudTrail record in detail; the batch id is the envelope id", () => {
    const r = decodeEventBridgeEvent(ec2, { ...opts(DEFAULTS), origin: "eb-req" });
    expect(r.rejections).toEqual([]);
    expect(r.batchId).toBe(ec2.id);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({
      source: "cloudtrail",
      recordId: `ct:${ec2.detail.eventID}`,
      cluster: "demo-cluster",
      account: "111122223333",
      region: "us-west-2",
      timeMs: Date.UTC(2025, 5, 3, 13, 42, 11),
      origin: { file: "eb-req", position: "document" },
    });
    const e = decodeEventBridgeEvent(eks, opts());
    expect(e.events[0]).toMatchObject({ cluster: "demo-cluster", recordId: `ct:${eks.detail.eventID}` });
  });

  it("falls back to eb:<envelope id>, and to the envelope's account and region", () => {
    const { eventID: _e, recipientAccountId: _r, awsRegion: _a, userIdentity: _u, ...detail } = ec2.detail;
    const r = decodeEventBridgeEvent({ ...ec2, account: "222233334444", region: "eu-central-1", detail }, opts(DEFAULTS));
    expect(r.events[0]).toMatchObject({ recordId: `eb:${ec2.id}`, account: "222233334444", region: "eu-central-1" });
  });

  it("skips native service events that carry no CloudTrail record", () => {
    const native = { ...eks, id: "n-1", "detail-type": "EKS Addon Update Succeeded", detail: { clusterName: "demo-cluster", addonName: "vpc-cni" } };
    const r = decodeEventBridgeEvent(native, opts());
    expect(r).toMatchObject({ events: [], rejections: [], skipped: 1, records: 1, batchId: "n-1" });
  });

  it.each([
    [{ ...ec2, detail: "oops" }, "detail must be an object, got string"],
    [{ ...ec2, id: 12 }, "id must be a string, got number"],
    [{ ...ec2, account: 111122223333 }, "account must be a string, got number"],
    [{ ...ec2, detail: { ...ec2.detail, eventSource: 1 } }, "eventSource must be a string, got number"],
  ])("rejects a bad envelope %#: %s", (event, reason) => {
    const r = decodeEventBridgeEvent(event, opts());
    expect(r.rejections).toEqual([{ origin: { file: "eventbridge", position: "document" }, reason }]);
    expect(r.batchId).toBeNull();
  });

  it.each([null, 42, "x", [ec2], { hello: 1 }])("rejects a non-envelope %j", (event) => {
    const r = decodeEventBridgeEvent(event, opts());
    expect(r.rejections).toHaveLength(1);
    expect(r.rejections[0]!.reason).toMatch(/^not an EventBridge event/);
    expect(r).toMatchObject({ events: [], records: 1, batchId: null });
  });
});

describe("EventBridge events in files", () => {
  it("reads an object, an array and JSON Lines, plain and gzip", () => {
    const one = decodeBytes(bytes(JSON.stringify(ec2, null, 2)), "one.json", opts());
    expect(one.events.map((e) => e.origin.position)).toEqual(["document"]);
    const arr = decodeBytes(gz(JSON.stringify([ec2, eks])), "arr.json.gz", opts());
    expect(arr.events.map((e) => [e.recordId, e.origin.position])).toEqual([
      [`ct:${ec2.detail.eventID}`, "record 1"],
      [`ct:${eks.detail.eventID}`, "record 2"],
    ]);
    const lines = decodeBytes(bytes(jsonl([ec2, { ...ec2, detail: 1 }, eks])), "eb.jsonl", opts());
    expect(lines.events.map((e) => e.origin.position)).toEqual(["line 1", "line 3"]);
    expect(lines.rejections).toEqual([{ origin: { file: "eb.jsonl", position: "line 2" }, reason: "detail must be an object, got number" }]);
  });
});
