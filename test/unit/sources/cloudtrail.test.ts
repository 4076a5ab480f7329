import { describe, expect, it } from "vitest";
import { cloudTrailPlacement } from "../../../shared/rules/predicates.ts";
import { decodeBytes, decodeEventBridgeEvent } from "../../../shared/sources/index.ts";
import type { CloudTrailEvent } from "../../../shared/types.ts";
import { DEFAULTS, NO_DEFAULTS, bytes, fixture, fixtureText, gz, jsonl, opts } from "./helpers.ts";

const ct = (events: unknown[]): CloudTrailEvent[] => events as CloudTrailEvent[];
const recordsFile = fixture("cloudtrail-records.json");
const ec2Record = fixture("eventbridge-ec2-unauthorized-createnetworkinterface.json").detail;

function decodeRecord(record: Record<string, unknown>, defaults = DEFAULTS) {
  return decodeBytes(bytes(JSON.stringify(record)), "rec.json", opts(defaults));
}

describe("CloudTrail log files and records", () => {
  it("reads a Records file, plain and .json.gz, with cluster/account/region per record", () => {
    const text = fixtureText("cloudtrail-records.json");
    for (const input of [bytes(text), gz(text)]) {
      const r = decodeBytes(input, "111122223333_CloudTrail_us-west-2.json.gz", opts(DEFAULTS));
      expect(r.rejections).toEqual([]);
      expect(r.records).toBe(7);
      expect(ct(r.events).map((e) => [e.origin.position, e.record.eventName, e.cluster, e.account, e.region])).toEqual([
        ["Records[0]", "CreateNetworkInterface", "demo-cluster", "111122223333", "us-west-2"], // ENI tag
        ["Records[1]", "UpdateAddon", "demo-cluster", "111122223333", "us-west-2"], // requestParameters.name
        ["Records[2]", "DescribeSubnets", "default-cluster", "111122223333", "us-west-2"], // account from userIdentity
        ["Records[3]", "CreateTags", "tagged-cluster", "111122223333", "eu-west-1"], // tagSet.items
        ["Records[4]", "AssumeRoleForPodIdentity", "podid-cluster", "111122223333", "us-west-2"], // clusterName
        ["Records[5]", "AssignPrivateIpAddresses", "default-cluster", "111122223333", "us-west-2"], // never from the session name
        ["Records[6]", "AssumeRoleWithWebIdentity", "default-cluster", "111122223333", "us-west-2"],
      ]);
      expect(r.events.map((e) => e.recordId)).toEqual(recordsFile.Records.map((x: { eventID: string }) => `ct:${x.eventID}`));
      expect(r.events[0]!.timeMs).toBe(Date.UTC(2025, 5, 3, 13, 42, 11));
    }
  });

  it("gives the same recordId to one call seen in a Records file and via EventBridge", () => {
    const fromFile = decodeBytes(bytes(fixtureText("cloudtrail-records.json")), "f", opts()).events[0]!;
    const fromBus = decodeEventBridgeEvent(fixture("eventbridge-ec2-unauthorized-createnetworkinterface.json"), opts()).events[0]!;
    expect(fromFile.recordId).toBe(fromBus.recordId);
    expect(fromFile.record).toEqual(fromBus.record);
  });

  it("reads bare records: a single object, an array, JSON Lines", () => {
    const [a, b] = recordsFile.Records;
    expect(decodeBytes(bytes(JSON.stringify(a, null, 2)), "one.json", opts()).events.map((e) => e.origin.position)).toEqual(["document"]);
    expect(decodeBytes(bytes(JSON.stringify([a, b])), "arr.json", opts()).events.map((e) => e.origin.position)).toEqual(["record 1", "record 2"]);
    expect(ct(decodeBytes(gz(jsonl([a, b])), "lines.gz", opts()).events).map((e) => e.record.eventID)).toEqual([a.eventID, b.eventID]);
  });

  it("reads `aws cloudtrail lookup-events` output with CloudTrailEvent as a string or an object", () => {
    const out = fixture("lookup-events.json");
    const r = decodeBytes(bytes(JSON.stringify(out)), "lookup.json", opts());
    expect(r.rejections).toEqual([]);
    expect(r.events.map((e) => [e.recordId, e.origin.position])).toEqual([
      [`ct:${out.Events[0].EventId}`, "Events[0]"],
      [`ct:${out.Events[1].EventId}`, "Events[1]"],
    ]);
    out.Events[0].CloudTrailEvent = JSON.parse(out.Events[0].CloudTrailEvent);
    expect(decodeBytes(bytes(JSON.stringify(out)), "lookup.json", opts()).events).toHaveLength(2);
  });

  it("rejects a lookup-events entry whose CloudTrailEvent is missing or not JSON, keeping the others", () => {
    const out = fixture("lookup-events.json");
    out.Events.push({ ...out.Events[0], CloudTrailEvent: "{not json" }, { EventId: "x" });
    const r = decodeBytes(bytes(JSON.stringify(out)), "lookup.json", opts());
    expect(r.events).toHaveLength(2);
    expect(r.rejections.map((x) => x.origin.position)).toEqual(["Events[2]", "Events[3]"]);
    expect(r.rejections[0]!.reason).toMatch(/^CloudTrailEvent is not JSON: /);
    expect(r.rejections[1]!.reason).toBe("CloudTrailEvent must be a JSON string, got undefined");
  });
});

describe("CloudTrail placement", () => {
  it("reads the CNI cluster tag from every tag shape", () => {
    const tag = { key: "cluster.k8s.amazonaws.com/name", value: "c1" };
    const shapes = [
      { tagSpecificationSet: { items: [{ resourceType: "network-interface", tags: [tag] }] } },
      { tagSpecificationSet: { items: [{ resourceType: "network-interface", tag: [tag] }] } },
      { tagSpecificationSet: { items: [{ tags: { items: [tag] } }] } },
      { tagSpecificationSet: [{ tags: [{ Key: tag.key, Value: tag.value }] }] },
      { tagSet: { items: [{ key: "other", value: "x" }, tag] } },
    ];
    for (const requestParameters of shapes) {
      expect(decodeRecord({ ...ec2Record, requestParameters }).events[0]!.cluster).toBe("c1");
    }
  });

  it("uses name/clusterName only for EKS sources, and falls back to the default", () => {
    const eks = { ...ec2Record, eventSource: "eks.amazonaws.com", eventName: "DeleteAddon" };
    expect(decodeRecord({ ...eks, requestParameters: { name: "n1", addonName: "vpc-cni" } }).events[0]!.cluster).toBe("n1");
    expect(decodeRecord({ ...eks, requestParameters: { clusterName: "n2" } }).events[0]!.cluster).toBe("n2");
    expect(decodeRecord({ ...eks, requestParameters: null }).events[0]!.cluster).toBe("default-cluster");
    // An EC2 call's `name` parameter is not a cluster.
    expect(decodeRecord({ ...ec2Record, requestParameters: { name: "not-a-cluster" } }).events[0]!.cluster).toBe("default-cluster");
    expect(decodeRecord({ ...ec2Record, requestParameters: {} }, NO_DEFAULTS).events[0]!.cluster).toBeNull();
  });

  // The one place that decides the cluster (shared/sources/cluster.ts); rules read event.cluster.
  it("prefers eks-auth's clusterName, finds the CNI tag at any depth, skips empty tags, and is what the rules report", () => {
    const eksAuth = { ...ec2Record, eventSource: "eks-auth.amazonaws.com", eventName: "AssumeRoleForPodIdentity" };
    expect(decodeRecord({ ...eksAuth, requestParameters: { name: "n1", clusterName: "n2" } }).events[0]!.cluster).toBe("n2");
    expect(decodeRecord({ ...eksAuth, requestParameters: { name: "n1" } }).events[0]!.cluster).toBe("n1");
    const tag = (value: string) => ({ key: "cluster.k8s.amazonaws.com/name", value });
    const deep = { networkInterfaceSet: { items: [{ tagSet: { items: [tag("deep")] } }] } };
    expect(decodeRecord({ ...ec2Record, requestParameters: deep }).events[0]!.cluster).toBe("deep");
    expect(decodeRecord({ ...ec2Record, requestParameters: { tagSet: { items: [tag(""), tag("c2")] } } }).events[0]!.cluster).toBe("c2");
    const event = decodeRecord({ ...ec2Record, requestParameters: { tagSet: { items: [tag("c3")] } } }).events[0]!;
    expect(event.source === "cloudtrail" && cloudTrailPlacement(event).cluster).toBe("c3");
  });

  it("takes account from recipientAccountId, then userIdentity.accountId, then the default", () => {
    const { recipientAccountId: _r, ...noRecipient } = ec2Record;
    expect(decodeRecord({ ...ec2Record, recipientAccountId: "123456789012" }).events[0]!.account).toBe("123456789012");
    expect(decodeRecord(noRecipient).events[0]!.account).toBe("111122223333");
    expect(decodeRecord({ ...noRecipient, userIdentity: { type: "AWSService", invokedBy: "eks.amazonaws.com" } }).events[0]!.account).toBe("999988887777");
    const { awsRegion: _a, ...noRegion } = ec2Record;
    expect(decodeRecord(noRegion).events[0]!.region).toBe("ap-south-1");
  });
});

describe("CloudTrail validation", () => {
  const reasonOf = (record: Record<string, unknown>): string | undefined => decodeRecord(record).rejections[0]?.reason;

  it.each([
    [{ eventName: 5 }, "eventName must be a string, got number"],
    [{ errorCode: { code: "x" } }, "errorCode must be a string, got object"],
    [{ readOnly: "true" }, "readOnly must be a boolean, got string"],
    [{ requestParameters: ["a"] }, "requestParameters must be an object, got array"],
    [{ userIdentity: "root" }, "userIdentity must be an object, got string"],
    [
      { userIdentity: { type: "AssumedRole", sessionContext: { sessionIssuer: { arn: 42 } } } },
      "userIdentity.sessionContext.sessionIssuer.arn must be a string, got number",
    ],
    [
      { userIdentity: { sessionContext: { webIdFederationData: { federatedProvider: [] } } } },
      "userIdentity.sessionContext.webIdFederationData.federatedProvider must be a string, got array",
    ],
    [{ eventSource: undefined }, "a CloudTrail record needs eventSource; it is missing"],
    [{ eventName: undefined }, "a CloudTrail record needs eventName; it is missing"],
    [{ eventTime: undefined }, "a CloudTrail record needs eventTime; it is missing"],
    [{ eventTime: "Jun 3, 2025, 1:42:11 PM" }, 'eventTime is not an RFC 3339 time: "Jun 3, 2025, 1:42:11 PM"'],
  ])("rejects %j: %s", (over, reason) => {
    expect(reasonOf({ ...ec2Record, ...over })).toBe(reason);
  });

  it("accepts null request/response elements, unknown fields and missing optional fields", () => {
    const { errorMessage: _m, tlsDetails: _t, userAgent: _u, ...lean } = ec2Record;
    expect(reasonOf({ ...lean, requestParameters: null, responseElements: null, newField: [{ a: 1 }] })).toBeUndefined();
    const r = decodeRecord({ ...ec2Record, requestParameters: null });
    expect(ct(r.events)[0]!.record.requestParameters).toBeNull();
  });

  it("rejects a bad record by its index and keeps the rest of the file", () => {
    const file = { Records: [recordsFile.Records[0], { ...recordsFile.Records[1], eventTime: 17 }, null, recordsFile.Records[2]] };
    const r = decodeBytes(bytes(JSON.stringify(file)), "ct.json", opts());
    expect(r.events.map((e) => e.origin.position)).toEqual(["Records[0]", "Records[3]"]);
    expect(r.rejections).toEqual([
      { origin: { file: "ct.json", position: "Records[1]" }, reason: "eventTime must be a string, got number" },
      { origin: { file: "ct.json", position: "Records[2]" }, reason: "expected a CloudTrail record object, got null" },
    ]);
  });
});
