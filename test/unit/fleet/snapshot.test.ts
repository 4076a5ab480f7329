import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { cniRoleArnsFromSnapshot, cniRolesFor } from "../../../shared/fleet/cni-roles.ts";
import { networkingMode } from "../../../shared/fleet/networking.ts";
import { parseSnapshot, serializeSnapshot } from "../../../shared/fleet/snapshot-io.ts";
import { PI_ASSOCIATION, addon, makeCluster, makeSnapshot, vpcCni, withAddon, withoutAddon } from "./cluster-fixture.ts";

const text = readFileSync(new URL("../../fixtures/fleet/snapshot-test-fleet.json", import.meta.url), "utf8");

describe("snapshot files", () => {
  it("load and save unchanged", () => {
    expect(serializeSnapshot(parseSnapshot(text))).toBe(text);
  });

  it.each([
    ["not json", /not JSON/],
    ['{"schema":"other"}', /schema: expected "cni-auditor\/fleet-snapshot"/],
    [JSON.stringify({ ...JSON.parse(text), schemaVersion: 3 }), /this version reads 1 and 2 \(writes 2\), got 3/],
    [JSON.stringify({ ...JSON.parse(text), takenAt: "yesterday" }), /takenAt/],
    [JSON.stringify({ ...JSON.parse(text), clusters: [{ name: "x" }] }), /clusters\[0\]: expected name and region/],
    [JSON.stringify({ ...JSON.parse(text), clusters: [{ ...JSON.parse(text).clusters[0], addons: [{ name: "vpc-cni" }] }] }), /clusters\[0\]\.addons\[0\]/],
  ])("reject %#", (bad, message) => {
    expect(() => parseSnapshot(bad)).toThrow(message);
  });
});

describe("CNI roles for attribution", () => {
  it("lists the add-on's IRSA role and Pod Identity roles, unique and sorted across the fleet", () => {
    const a = makeCluster();
    const b = { ...withAddon(makeCluster({ name: "b" }), vpcCni({ serviceAccountRoleArn: null })), podIdentityAssociations: [PI_ASSOCIATION] };
    b.cniRoles = cniRolesFor(b);
    expect(b.cniRoles).toEqual([{ arn: PI_ASSOCIATION.roleArn, via: "pod-identity" }]);
    expect(cniRoleArnsFromSnapshot(makeSnapshot([b, a, a]))).toEqual([
      "arn:aws:iam::111122223333:role/AmazonEKSVPCCNIRole",
      "arn:aws:iam::111122223333:role/demo-vpc-cni-pod-identity",
    ]);
  });

  it("falls back to node roles only when aws-node has no role of its own, and never for Auto Mode or another CNI", () => {
    const bare = withAddon(makeCluster(), vpcCni({ serviceAccountRoleArn: null }));
    expect(cniRolesFor(bare)).toEqual([{ arn: "arn:aws:iam::111122223333:role/demo-node", via: "node-role" }]);
    expect(cniRolesFor({ ...withoutAddon(bare, "vpc-cni"), autoMode: true })).toEqual([]);
    expect(cniRolesFor({ ...withoutAddon(bare, "vpc-cni"), tags: { "cni-auditor/cni": "calico" } })).toEqual([]);
  });

  it("reads the test fleet's roles", () => {
    const arns = cniRoleArnsFromSnapshot(parseSnapshot(text));
    expect(arns).toContain("arn:aws:iam::111122223333:role/payments-1-vpc-cni-pod-identity");
    expect(arns).toContain("arn:aws:iam::111122223333:role/legacy-batch-spot-node");
    expect(arns).not.toContain("arn:aws:iam::111122223333:role/auto-1-node");
  });
});

describe("networking mode", () => {
  it("prefers the vpc-cni add-on, then Auto Mode, a declared CNI, a CNI add-on, else self-managed", () => {
    const none = withoutAddon(makeCluster(), "vpc-cni");
    expect(networkingMode(makeCluster()).kind).toBe("vpc-cni-addon");
    expect(networkingMode({ ...makeCluster(), autoMode: true }).kind).toBe("vpc-cni-addon");
    expect(networkingMode({ ...none, autoMode: true }).kind).toBe("auto-mode");
    expect(networkingMode({ ...none, tags: { "cni-auditor/cni": "cilium" } })).toEqual({ kind: "other-cni", name: "cilium", evidence: "tag cni-auditor/cni=cilium" });
    expect(networkingMode(withAddon(none, addon("tigera-operator"))).kind).toBe("other-cni");
    expect(networkingMode(none).kind).toBe("vpc-cni-self-managed");
  });
});
