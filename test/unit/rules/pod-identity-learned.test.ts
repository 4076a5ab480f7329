// credentials-denied for AssumeRoleForPodIdentity is high only when aws-node is known to have an
// association: an earlier CreatePodIdentityAssociation for kube-system/aws-node (or UpdateAddon
// --pod-identity-associations) kept as the vpc-cni add-on state; otherwise info.
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../../shared/config.ts";
import { evaluate } from "../../../shared/pipeline.ts";
import { addonStateKeysFor } from "../../../shared/rules/index.ts";
import type { CloudTrailRecord } from "../../../shared/types.ts";
import { cloudTrailEvent, loadRuleFixtures } from "../../helpers/events.ts";

const failure = (loadRuleFixtures("credentials-denied").cases.find((c) => c.name.startsWith("Pod Identity failure; nothing"))!.record as {
  detail: CloudTrailRecord;
}).detail;

function association(eventName: string, namespace: string, serviceAccount: string, time: string, id: string): CloudTrailRecord {
  const pair = { clusterName: "demo-cluster", namespace, serviceAccount, roleArn: "arn:aws:iam::111122223333:role/cni-pod-identity" };
  return {
    eventVersion: "1.09",
    userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::111122223333:assumed-role/Admin/alice", accountId: "111122223333" },
    eventTime: time,
    eventSource: "eks.amazonaws.com",
    eventName,
    awsRegion: "us-west-2",
    requestParameters: eventName === "CreatePodIdentityAssociation" ? pair : { clusterName: "demo-cluster", associationId: "a-1" },
    responseElements: { association: pair },
    eventID: id,
    recipientAccountId: "111122223333",
  };
}

const severityOf = (records: CloudTrailRecord[]) =>
  evaluate(records.map((r) => cloudTrailEvent(r)), defaultConfig()).findings.filter((f) => f.rule === "credentials-denied").map((f) => f.severity);

describe("Pod Identity association learned from CloudTrail", () => {
  it("makes a later failure high; without it, or for another service account, info", () => {
    const created = association("CreatePodIdentityAssociation", "kube-system", "aws-node", "2025-06-03T13:00:00Z", "c1");
    expect(severityOf([failure])).toEqual(["info"]);
    expect(severityOf([failure, created])).toEqual(["high"]); // input order does not matter: event time does
    expect(severityOf([association("CreatePodIdentityAssociation", "shop", "api", "2025-06-03T13:00:00Z", "c2"), failure])).toEqual(["info"]);
  });

  it("forgets it when the association is deleted, and loads the vpc-cni state for both calls", () => {
    const created = association("CreatePodIdentityAssociation", "kube-system", "aws-node", "2025-06-03T13:00:00Z", "c1");
    const deleted = association("DeletePodIdentityAssociation", "kube-system", "aws-node", "2025-06-03T13:30:00Z", "d1");
    expect(severityOf([created, deleted, failure])).toEqual(["info"]);
    expect(addonStateKeysFor([cloudTrailEvent(created), cloudTrailEvent(deleted)])).toEqual(["111122223333|us-west-2|demo-cluster|vpc-cni"]);
  });
});
