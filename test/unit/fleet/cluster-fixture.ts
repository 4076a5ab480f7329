// A healthy cluster snapshot (no check fires on it) to vary per test. The vpc-cni add-on
// is the sample DescribeAddon response (/work/shared/samples) as the inventory records it,
// moved to the default version of its Kubernetes version.
import type { AddonSnapshot, ClusterSnapshot, FleetSnapshot } from "../../../shared/fleet/snapshot.ts";

export const TAKEN_AT = "2026-08-30T06:00:00.000Z";

export const SAMPLE_CONFIG =
  '{"env":{"ENABLE_PREFIX_DELEGATION":"true","WARM_PREFIX_TARGET":"1","AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG":"true","ENI_CONFIG_LABEL_DEF":"topology.kubernetes.io/zone"},"enableNetworkPolicy":"true","nodeAgent":{"enablePolicyEventLogs":"true"}}';

export function addon(name: string, overrides: Partial<AddonSnapshot> = {}): AddonSnapshot {
  return {
    name,
    version: null,
    status: "ACTIVE",
    health: [],
    serviceAccountRoleArn: null,
    podIdentityAssociationArns: [],
    configurationValues: null,
    owner: "aws",
    publisher: "eks",
    modifiedAt: "2025-06-04T09:13:01.204Z",
    ...overrides,
  };
}

export function vpcCni(overrides: Partial<AddonSnapshot> = {}): AddonSnapshot {
  return addon("vpc-cni", {
    version: "v1.20.4-eksbuild.1",
    serviceAccountRoleArn: "arn:aws:iam::111122223333:role/AmazonEKSVPCCNIRole",
    configurationValues: SAMPLE_CONFIG,
    ...overrides,
  });
}

export function makeCluster(overrides: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  return {
    account: "111122223333",
    region: "us-west-2",
    name: "demo-cluster",
    arn: "arn:aws:eks:us-west-2:111122223333:cluster/demo-cluster",
    status: "ACTIVE",
    kubernetesVersion: "1.31",
    platformVersion: "eks.12",
    enabledLogTypes: ["api", "audit", "authenticator"],
    autoMode: false,
    tags: {},
    addons: [addon("eks-pod-identity-agent", { version: "v1.3.8-eksbuild.2" }), vpcCni()],
    addonVersions: {
      "vpc-cni": { defaultVersion: "v1.20.4-eksbuild.1", latestVersion: "v1.21.1-eksbuild.1" },
      "eks-pod-identity-agent": { defaultVersion: "v1.3.8-eksbuild.2", latestVersion: "v1.3.8-eksbuild.2" },
    },
    podIdentityAssociations: [],
    insights: [
      {
        id: "a1b2c3d4-0000-4000-8000-000000000001",
        name: "Kubelet version skew",
        category: "UPGRADE_READINESS",
        kubernetesVersion: "1.32",
        status: "PASSING",
        reason: "No issues found.",
        description: "Checks for kubelet versions of worker nodes.",
        lastRefreshTime: "2025-08-29T20:40:00.000Z",
      },
    ],
    nodeRoleArns: ["arn:aws:iam::111122223333:role/demo-node"],
    cniRoles: [{ arn: "arn:aws:iam::111122223333:role/AmazonEKSVPCCNIRole", via: "addon-service-account" }],
    partialErrors: [],
    ...overrides,
  };
}

/** Replaces (or adds) one add-on of a cluster. */
export function withAddon(c: ClusterSnapshot, a: AddonSnapshot): ClusterSnapshot {
  return { ...c, addons: [...c.addons.filter((x) => x.name !== a.name), a] };
}

export function withoutAddon(c: ClusterSnapshot, name: string): ClusterSnapshot {
  return { ...c, addons: c.addons.filter((x) => x.name !== name) };
}

export const PI_ASSOCIATION = {
  associationId: "a-0example1234567ab",
  associationArn: "arn:aws:eks:us-west-2:111122223333:podidentityassociation/demo-cluster/a-0example1234567ab",
  namespace: "kube-system",
  serviceAccount: "aws-node",
  roleArn: "arn:aws:iam::111122223333:role/demo-vpc-cni-pod-identity",
  ownerArn: null,
};

export function makeSnapshot(clusters: ClusterSnapshot[], extra: Partial<FleetSnapshot> = {}): FleetSnapshot {
  return {
    schema: "cni-auditor/fleet-snapshot",
    schemaVersion: 1,
    takenAt: TAKEN_AT,
    scope: { regions: [...new Set(clusters.map((c) => c.region))].sort(), accounts: [], roleName: null },
    clusters,
    failures: [],
    ...extra,
  };
}
