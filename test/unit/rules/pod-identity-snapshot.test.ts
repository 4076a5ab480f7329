// credentials-denied for AssumeRoleForPodIdentity and the fleet snapshot: a snapshot that shows
// aws-node with a Pod Identity association in the failing cluster (account/region/cluster) makes
// the failure high, and the text dates that knowledge by the snapshot; without it, info.
import { describe, expect, it } from "vitest";
import { defaultConfig, type AuditorConfig } from "../../../shared/config.ts";
import { awsNodePodIdentityKnownAt, knownPodIdentityFromSnapshot, parseStoredPodIdentity, storedPodIdentity } from "../../../shared/fleet/pod-identity-known.ts";
import type { FleetSnapshot } from "../../../shared/fleet/snapshot.ts";
import { evaluate } from "../../../shared/pipeline.ts";
import { toMarkdown } from "../../../shared/render/markdown.ts";
import { credentialsDenied } from "../../../shared/rules/credentials-denied.ts";
import { openAlert } from "../../../shared/store/fold.ts";
import { parseFleetRoles, fleetRolesItem } from "../../../shared/store/fleet-roles.ts";
import type { CloudTrailRecord, Finding } from "../../../shared/types.ts";
import { PI_ASSOCIATION, TAKEN_AT, makeCluster, makeSnapshot, vpcCni, withAddon } from "../fleet/cluster-fixture.ts";
import { cloudTrailEvent, loadRuleFixtures } from "../../helpers/events.ts";

// demo-cluster, us-west-2, account 111122223333; the record names no pod.
const failure = (loadRuleFixtures("credentials-denied").cases.find((c) => c.name.startsWith("Pod Identity failure; nothing"))!.record as {
  detail: CloudTrailRecord;
}).detail;

const withAssociation = makeSnapshot([{ ...makeCluster(), podIdentityAssociations: [PI_ASSOCIATION] }]);
const withoutAssociation = makeSnapshot([makeCluster()]);

function finding(config: Partial<AuditorConfig>, record: CloudTrailRecord = failure): Finding {
  const found = evaluate([cloudTrailEvent(record)], defaultConfig(config)).findings.filter((f) => f.rule === "credentials-denied");
  expect(found).toHaveLength(1);
  return found[0]!;
}
const fromSnapshot = (s: FleetSnapshot) => finding({ fleetPodIdentity: knownPodIdentityFromSnapshot(s) });
const markdown = (f: Finding) => toMarkdown(credentialsDenied.render(openAlert(f, 3_600_000)).remediation);

describe("aws-node's Pod Identity association from the fleet snapshot", () => {
  it("derives the clusters from the listed associations or the add-on's association ARNs, nothing else", () => {
    const viaAddon = withAddon(makeCluster({ name: "by-addon" }), vpcCni({ podIdentityAssociationArns: [PI_ASSOCIATION.associationArn] }));
    const snapshot = makeSnapshot([{ ...makeCluster(), podIdentityAssociations: [PI_ASSOCIATION] }, viaAddon, makeCluster({ name: "irsa-only" })]);
    expect(knownPodIdentityFromSnapshot(snapshot)).toEqual({
      takenAt: TAKEN_AT,
      clusters: [
        { account: "111122223333", region: "us-west-2", cluster: "demo-cluster" },
        { account: "111122223333", region: "us-west-2", cluster: "by-addon" },
      ],
    });
  });

  it("makes the failure high and says the fleet snapshot (its date) showed the association", () => {
    const f = fromSnapshot(withAssociation);
    expect(f.severity).toBe("high");
    expect(f.facts).toMatchObject({
      cniUsesPodIdentity: true,
      attribution: "likely-vpc-cni",
      podIdentityKnownFrom: "fleet-snapshot",
      podIdentityKnownAt: TAKEN_AT,
    });
    const text = markdown(f);
    expect(text).toContain(`aws-node has a Pod Identity association in this cluster (the fleet snapshot of ${TAKEN_AT} lists it), so it is a likely caller.`);
    // Still not stated as fact: the record does not name the pod.
    expect(text).toContain("if the failing pod is aws-node");
  });

  it("stays info without the snapshot fact, or when the snapshot shows no association there", () => {
    for (const f of [finding({}), fromSnapshot(withoutAssociation)]) {
      expect(f.severity).toBe("info");
      expect(f.facts).toMatchObject({ cniUsesPodIdentity: false, attribution: "unknown" });
      expect(f.facts.podIdentityKnownFrom).toBeUndefined();
      expect(markdown(f)).toContain("nothing seen so far shows aws-node with a Pod Identity association here");
    }
  });

  it("matches account, region and cluster: the same name elsewhere is not this cluster", () => {
    for (const other of [makeCluster({ account: "444455556666" }), makeCluster({ region: "eu-west-1" }), makeCluster({ name: "demo-cluster-2" })]) {
      expect(fromSnapshot(makeSnapshot([{ ...other, podIdentityAssociations: [PI_ASSOCIATION] }])).severity).toBe("info");
    }
  });

  it("an association learned from CloudTrail says so, not the snapshot", () => {
    const created: CloudTrailRecord = {
      eventVersion: "1.09",
      userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::111122223333:assumed-role/Admin/alice", accountId: "111122223333" },
      eventTime: "2025-06-03T13:00:00Z",
      eventSource: "eks.amazonaws.com",
      eventName: "CreatePodIdentityAssociation",
      awsRegion: "us-west-2",
      requestParameters: { clusterName: "demo-cluster", namespace: "kube-system", serviceAccount: "aws-node", roleArn: PI_ASSOCIATION.roleArn },
      responseElements: null,
      eventID: "c1",
      recipientAccountId: "111122223333",
    };
    const config = defaultConfig({ fleetPodIdentity: knownPodIdentityFromSnapshot(withAssociation) });
    const f = evaluate([cloudTrailEvent(created), cloudTrailEvent(failure)], config).findings.find((x) => x.rule === "credentials-denied")!;
    expect(f.severity).toBe("high");
    expect(f.facts.podIdentityKnownFrom).toBe("cloudtrail");
    expect(markdown(f)).toContain("an earlier CreatePodIdentityAssociation or UpdateAddon --pod-identity-associations for kube-system/aws-node showed it");
  });
});

describe("the fleet item's Pod Identity clusters (the Lambda's copy)", () => {
  const known = knownPodIdentityFromSnapshot(withAssociation);
  const takenAtMs = Date.parse(TAKEN_AT);

  it("round-trip through the dedup table item, dated by the item's takenAtMs", () => {
    expect(parseFleetRoles(fleetRolesItem({ roles: [], takenAtMs, podIdentity: known }))?.podIdentity).toEqual(known);
    expect(parseFleetRoles(fleetRolesItem({ roles: [], takenAtMs }))?.podIdentity).toBeUndefined();
  });

  it("drop what is malformed, never trust it", () => {
    const item = fleetRolesItem({ roles: [], takenAtMs });
    expect(parseFleetRoles({ ...item, podIdentity: { S: "not json" } })?.podIdentity).toBeUndefined();
    expect(parseStoredPodIdentity([["1", "r"], [1, "r", "c"], [null, "us-west-2", "c"], "x"], takenAtMs)?.clusters).toEqual([
      { account: null, region: "us-west-2", cluster: "c" },
    ]);
    expect(parseStoredPodIdentity(storedPodIdentity(known), Number.NaN)).toBeUndefined();
    expect(parseStoredPodIdentity({}, takenAtMs)).toBeUndefined();
  });

  it("an entry without account matches the event's cluster in its region", () => {
    const k = parseStoredPodIdentity([[null, "us-west-2", "demo-cluster"]], takenAtMs);
    expect(awsNodePodIdentityKnownAt(k, { account: "111122223333", region: "us-west-2", cluster: "demo-cluster" })).toBe(TAKEN_AT);
    expect(awsNodePodIdentityKnownAt(k, { account: "111122223333", region: "us-west-2", cluster: null })).toBeNull();
  });
});
