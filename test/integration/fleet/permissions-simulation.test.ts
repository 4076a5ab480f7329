// iam:SimulatePrincipalPolicy of the CNI's roles with the real IAM client against the loopback
// IAM peer (Query protocol, XML), alone and through the fleet inventory.
import { IAMClient } from "@aws-sdk/client-iam";
import { afterEach, describe, expect, it } from "vitest";
import { compareAddonVersions } from "../../../shared/catalog/index.ts";
import { createFleetClients, type FleetClients } from "../../../shared/fleet/aws-clients.ts";
import { takeFleetSnapshot } from "../../../shared/fleet/inventory.ts";
import { simulateCniRole } from "../../../shared/fleet/permissions/simulate.ts";
import { permissionVerdict } from "../../../shared/fleet/permissions/verdict.ts";
import { parseSnapshot, serializeSnapshot } from "../../../shared/fleet/snapshot-io.ts";
import { startIamPeer, type IamPeer, type PeerStatement } from "../../helpers/peers/iam.ts";
import { BASE_ACCESS_KEY, startEksServer, type EksServer } from "./eks-server.ts";

const credentials = { accessKeyId: BASE_ACCESS_KEY, secretAccessKey: "fake-secret" };
const ROLE = (name: string) => `arn:aws:iam::111122223333:role/${name}`;
const PLACE = { region: "us-west-2", account: "111122223333", cluster: "prod-west-1" };

// AmazonEKS_CNI_Policy v5 as IAM holds it: CreateTags only on ENIs.
const MANAGED: PeerStatement[] = [
  {
    effect: "Allow",
    policyId: "AmazonEKS_CNI_Policy",
    policyType: "aws-managed",
    actions: [
      "ec2:AssignPrivateIpAddresses", "ec2:AttachNetworkInterface", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
      "ec2:DescribeInstances", "ec2:DescribeTags", "ec2:DescribeNetworkInterfaces", "ec2:DescribeInstanceTypes", "ec2:DescribeSubnets",
      "ec2:DetachNetworkInterface", "ec2:ModifyNetworkInterfaceAttribute", "ec2:UnassignPrivateIpAddresses",
    ],
  },
  { effect: "Allow", policyId: "AmazonEKS_CNI_Policy", policyType: "aws-managed", actions: ["ec2:CreateTags"], resource: "arn:aws:ec2:*:*:network-interface/*" },
];
// docs/iam-policy.md's IPv6 policy, restricted to the region, without DescribeSubnets.
const IPV6_NO_SUBNETS: PeerStatement[] = [
  {
    effect: "Allow",
    policyId: "cni-ipv6",
    actions: ["ec2:AssignIpv6Addresses", "ec2:DescribeInstances", "ec2:DescribeTags", "ec2:DescribeNetworkInterfaces", "ec2:DescribeInstanceTypes", "ec2:DescribeSecurityGroups"],
    condition: { key: "aws:RequestedRegion", values: ["us-west-2"] },
  },
  { effect: "Allow", policyId: "cni-ipv6", actions: ["ec2:CreateTags"], resource: "arn:aws:ec2:*:*:network-interface/*", condition: { key: "aws:TagKeys", values: ["cluster.k8s.amazonaws.com/name"] } },
];

let peer: IamPeer | undefined;
let client: IAMClient | undefined;
let eks: EksServer | undefined;
let fleet: FleetClients | undefined;
afterEach(async () => {
  client?.destroy();
  fleet?.destroy();
  await peer?.close();
  await eks?.close();
  peer = client = eks = fleet = undefined;
});

async function start(roles: Parameters<typeof startIamPeer>[0], pageSize?: number): Promise<IAMClient> {
  peer = await startIamPeer(roles, pageSize ? { pageSize } : {});
  client = new IAMClient({ endpoint: peer.url, region: "us-west-2", credentials, maxAttempts: 1 });
  return client;
}

const decisions = (r: Awaited<ReturnType<typeof simulateCniRole>>) => Object.fromEntries(r.results.map((d) => [d.action, d.decision]));

describe("iam:SimulatePrincipalPolicy of a CNI role over the IAM Query protocol", () => {
  it("allowed: AmazonEKS_CNI_Policy allows the IPv4 set, CreateTags on network-interface/* with the tag context", async () => {
    const iam = await start({ [ROLE("cni")]: { identity: MANAGED } }, 4);
    const r = await simulateCniRole(iam, { arn: ROLE("cni"), via: "addon-service-account" }, PLACE);
    expect(r.status).toBe("checked");
    const createTags = r.results.find((d) => d.action === "ec2:CreateTags");
    expect(createTags).toMatchObject({ decision: "allowed", resource: "arn:aws:ec2:us-west-2:111122223333:network-interface/*", deniedBy: null });
    expect(createTags?.matchedStatements).toEqual([{ sourcePolicyId: "AmazonEKS_CNI_Policy", sourcePolicyType: "aws-managed" }]);
    expect(decisions(r)["ec2:DescribeSubnets"]).toBe("allowed");
    // The managed policy has no DescribeSecurityGroups and no IPv6 action.
    expect(decisions(r)["ec2:DescribeSecurityGroups"]).toBe("implicitDeny");
    expect(decisions(r)["ec2:AssignIpv6Addresses"]).toBe("implicitDeny");
    expect(permissionVerdict([r], "v1.21.2-eksbuild.1", ["ipv4"]).state).toBe("ok");
    // Pages of 4 results were followed with Marker; both requests carried the region.
    expect(peer!.simulations.filter((s) => s.marker !== null).length).toBeGreaterThan(0);
    expect(peer!.simulations.every((s) => s.context["aws:requestedregion"]?.[0] === "us-west-2")).toBe(true);
    expect(peer!.simulations.find((s) => s.actionNames.includes("ec2:CreateTags"))?.actionNames).toEqual(["ec2:CreateTags"]);
  });

  it("denied by the identity policy: an IPv6 policy without DescribeSubnets fails v1.22 (conditions met by the context sent)", async () => {
    const iam = await start({ [ROLE("cni-v6")]: { identity: IPV6_NO_SUBNETS } });
    const r = await simulateCniRole(iam, { arn: ROLE("cni-v6"), via: "pod-identity" }, PLACE);
    expect(decisions(r)).toMatchObject({ "ec2:DescribeSubnets": "implicitDeny", "ec2:AssignIpv6Addresses": "allowed", "ec2:CreateTags": "allowed" });
    expect(r.results.find((d) => d.action === "ec2:DescribeSubnets")).toMatchObject({ deniedBy: "identity", missingContextValues: [] });
    const v = permissionVerdict([r], "v1.22.0-eksbuild.1", ["ipv6"]);
    expect(v.state).toBe("missing");
    if (v.state !== "missing") return;
    expect(v.missing.map((m) => [m.action, m.blocking])).toEqual([
      ["ec2:DescribeSubnets", true],
      ["ec2:UnassignIpv6Addresses", false],
    ]);
    // v1.21 needed DescribeSubnets too, but a denial did not block.
    const old = permissionVerdict([r], "v1.21.2-eksbuild.1", ["ipv6"]);
    expect(old.state === "missing" && old.missing.map((m) => [m.action, m.blocking])).toEqual([["ec2:DescribeSubnets", false]]);
  });

  it("denied by the permissions boundary, and by an SCP: the layer is named", async () => {
    const boundary: PeerStatement[] = [{ effect: "Allow", policyId: "boundary", policyType: "user-managed", actions: ["ec2:Describe*", "ec2:CreateTags"] }];
    const scp: PeerStatement[] = [{ effect: "Deny", policyId: "p-deny-eni-writes", actions: ["ec2:AssignPrivateIpAddresses"] }];
    const iam = await start({ [ROLE("bounded")]: { identity: [{ effect: "Allow", policyId: "ec2-all", actions: ["ec2:*"] }], boundary, scp } });
    const r = await simulateCniRole(iam, { arn: ROLE("bounded"), via: "node-role" }, PLACE);
    const by = Object.fromEntries(r.results.map((d) => [d.action, [d.decision, d.deniedBy, d.allowedByBoundary, d.allowedByOrganizations]]));
    expect(by["ec2:DescribeSubnets"]).toEqual(["allowed", null, true, true]);
    expect(by["ec2:CreateNetworkInterface"]).toEqual(["implicitDeny", "boundary", false, true]);
    expect(by["ec2:AssignPrivateIpAddresses"]).toEqual(["explicitDeny", "organizations", false, false]);
  });

  it("access denied to simulate: reported as not-permitted, not thrown, and not read as allowed", async () => {
    const iam = await start({ [ROLE("secret")]: { identity: MANAGED, accessDenied: true } });
    const r = await simulateCniRole(iam, { arn: ROLE("secret"), via: "addon-service-account" }, PLACE);
    expect(r).toMatchObject({ status: "not-permitted", results: [] });
    expect(r.error).toMatch(/^AccessDenied \(HTTP 403\): .*iam:SimulatePrincipalPolicy/);
    expect(permissionVerdict([r], "v1.22.0-eksbuild.1", ["ipv4"]).state).toBe("unchecked");
    const missing = await simulateCniRole(iam, { arn: ROLE("gone"), via: "addon-service-account" }, PLACE);
    expect(missing).toMatchObject({ status: "error" });
    expect(missing.error).toMatch(/^NoSuchEntity/);
  });

  it("the fleet inventory simulates each CNI role it records and the snapshot keeps the results (schema 2)", async () => {
    eks = await startEksServer();
    peer = await startIamPeer({
      [ROLE("AmazonEKSVPCCNIRole")]: { identity: MANAGED },
      [ROLE("payments-1-vpc-cni-pod-identity")]: { identity: MANAGED, accessDenied: true },
    });
    fleet = createFleetClients({ endpoint: eks.endpoint, iamEndpoint: peer.url, credentials, maxAttempts: 1 });
    const snapshot = await takeFleetSnapshot({
      regions: ["us-west-2"],
      accounts: [],
      roleName: null,
      takenAt: "2026-12-04T06:00:00.000Z",
      eksClient: fleet.eksClient,
      iamClient: fleet.iamClient,
      compareVersions: compareAddonVersions,
    });
    expect(snapshot.schemaVersion).toBe(2);
    const byName = Object.fromEntries(snapshot.clusters.map((c) => [c.name, c]));
    expect(byName["prod-west-1"]?.cniPermissions?.map((p) => [p.roleArn, p.via, p.status])).toEqual([[ROLE("AmazonEKSVPCCNIRole"), "addon-service-account", "checked"]]);
    expect(byName["payments-1"]?.cniPermissions?.map((p) => p.status)).toEqual(["not-permitted"]);
    expect(byName["auto-1"]?.cniPermissions).toEqual([]);
    // The simulated role ARNs are exactly the recorded CNI roles; the snapshot round-trips.
    const simulated = new Set(peer.simulations.map((s) => s.policySourceArn));
    expect([...simulated].sort()).toEqual([...new Set(snapshot.clusters.flatMap((c) => c.cniRoles.map((r) => r.arn)))].sort());
    expect(parseSnapshot(serializeSnapshot(snapshot))).toEqual(snapshot);
  });
});
