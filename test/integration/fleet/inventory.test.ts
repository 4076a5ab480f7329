// The inventory against real SDK clients on the wire: EKS REST-JSON and STS query/XML
// answered by a loopback server (pagination, one throttled call, unreadable clusters).
import { afterEach, describe, expect, it } from "vitest";
import { compareAddonVersions } from "../../../shared/catalog/index.ts";
import { createFleetClients, type FleetClients } from "../../../shared/fleet/aws-clients.ts";
import { takeFleetSnapshot, type InventoryProgress } from "../../../shared/fleet/inventory.ts";
import { cniRoleArnsFromSnapshot } from "../../../shared/fleet/cni-roles.ts";
import { parseSnapshot, serializeSnapshot } from "../../../shared/fleet/snapshot-io.ts";
import { BASE_ACCESS_KEY, startEksServer, type EksServer } from "./eks-server.ts";

const TAKEN_AT = "2026-08-30T06:00:00.000Z";
const credentials = { accessKeyId: BASE_ACCESS_KEY, secretAccessKey: "fake-secret" };

let server: EksServer | undefined;
let clients: FleetClients | undefined;
afterEach(async () => {
  clients?.destroy();
  await server?.close();
  server = undefined;
  clients = undefined;
});

async function audit(
  opts: { regions: string[]; accounts?: string[]; roleName?: string | null; throttleOnce?: string[]; assumableRoles?: string[] },
) {
  server = await startEksServer({ throttleOnce: opts.throttleOnce ?? [], ...(opts.assumableRoles ? { assumableRoles: opts.assumableRoles } : {}) });
  clients = createFleetClients({ endpoint: server.endpoint, credentials, maxAttempts: 3, roleName: opts.roleName ?? null });
  const progress: InventoryProgress[] = [];
  const snapshot = await takeFleetSnapshot({
    regions: opts.regions,
    accounts: opts.accounts ?? [],
    roleName: opts.roleName ?? null,
    takenAt: TAKEN_AT,
    eksClient: clients.eksClient,
    compareVersions: compareAddonVersions,
    concurrency: 3,
    onProgress: (e) => progress.push(e),
  });
  return { snapshot, progress, requests: server.requests };
}

describe("fleet inventory over the EKS wire protocol", () => {
  it("reads every cluster of two regions, paginating and retrying a throttled call", async () => {
    const { snapshot, progress, requests } = await audit({ regions: ["us-west-2", "eu-west-1"], throttleOnce: ["ListClusters", "ListAddons"] });

    const names = snapshot.clusters.map((c) => `${c.region}/${c.name}`);
    expect(names).toEqual([
      "eu-west-1/eu-cilium",
      "eu-west-1/eu-selfmanaged",
      "eu-west-1/eu-shared",
      "us-west-2/auto-1",
      "us-west-2/legacy-batch",
      "us-west-2/payments-1",
      "us-west-2/prod-west-1",
    ]);
    // The throttled calls were answered 429 once and retried by the SDK.
    const throttled = requests.filter((r) => r.status === 429);
    expect(throttled.map((r) => r.operation).sort()).toEqual(["ListAddons", "ListClusters"]);
    // Pagination: ListClusters pages of one cluster each carry nextToken.
    const west = requests.filter((r) => r.operation === "ListClusters" && r.region === "us-west-2" && r.status === 200);
    expect(west.length).toBe(5);
    expect(west.filter((r) => r.query.nextToken).length).toBe(4);

    // Failed clusters are reported with the failing operation and the API's error.
    // Own credentials: the account of the other clusters names the failed ones too.
    expect(snapshot.failures.map((f) => [f.account, f.region, f.cluster, f.operation])).toEqual([
      ["111122223333", "eu-west-1", "eu-flaky", "DescribeAddon"],
      ["111122223333", "us-west-2", "broken-1", "DescribeCluster"],
    ]);
    expect(snapshot.failures[1]?.error).toMatch(/^AccessDeniedException \(HTTP 403\): User: .* eks:DescribeCluster/);
    expect(snapshot.failures[0]?.error).toMatch(/HTTP 500/);
    // 500s are retried up to maxAttempts (3) before the cluster is given up.
    expect(requests.filter((r) => r.operation === "DescribeAddon" && r.path.includes("eu-flaky")).length).toBe(3);

    const prod = snapshot.clusters.find((c) => c.name === "prod-west-1")!;
    expect(prod).toMatchObject({
      account: "111122223333",
      kubernetesVersion: "1.35",
      platformVersion: "eks.12",
      enabledLogTypes: ["api", "audit", "authenticator"],
      autoMode: false,
      nodeRoleArns: ["arn:aws:iam::111122223333:role/prod-west-1-node"],
      cniRoles: [{ arn: "arn:aws:iam::111122223333:role/AmazonEKSVPCCNIRole", via: "addon-service-account" }],
      partialErrors: [],
    });
    expect(prod.addons.map((a) => `${a.name}@${a.version}`)).toEqual([
      "eks-pod-identity-agent@v1.3.10-eksbuild.2",
      "kube-proxy@v1.35.3-eksbuild.2",
      "vpc-cni@v1.21.2-eksbuild.1",
    ]);
    const cni = prod.addons.find((a) => a.name === "vpc-cni")!;
    expect(cni.modifiedAt).toBe(new Date(1749028381204).toISOString());
    expect(JSON.parse(cni.configurationValues!)).toMatchObject({ enableNetworkPolicy: "true" });
    // Default and latest per k8s version; latest compares numerically (v1.35.10 > v1.35.3).
    expect(prod.addonVersions).toEqual({
      "vpc-cni": { defaultVersion: "v1.22.4-eksbuild.1", latestVersion: "v1.23.1-eksbuild.1", oldestVersion: "v1.21.2-eksbuild.1" },
      "eks-pod-identity-agent": { defaultVersion: "v1.3.10-eksbuild.2", latestVersion: "v1.3.10-eksbuild.2", oldestVersion: "v1.3.10-eksbuild.2" },
      "kube-proxy": { defaultVersion: "v1.35.3-eksbuild.2", latestVersion: "v1.35.10-eksbuild.8", oldestVersion: "v1.35.3-eksbuild.2" },
    });
    // Support status from DescribeClusterVersions (includeAll), read once per region; IP family and upgrade policy from DescribeCluster.
    expect(prod.kubernetesSupport).toEqual({
      status: "STANDARD_SUPPORT",
      endOfStandardSupport: "2027-03-27T00:00:00.000Z",
      endOfExtendedSupport: "2028-03-27T00:00:00.000Z",
      nextVersion: "1.36",
      oldestSupportedVersion: "1.32",
    });
    expect(prod).toMatchObject({ ipFamily: "ipv4", supportType: "STANDARD" });
    expect(snapshot.clusters.find((c) => c.name === "eu-shared")).toMatchObject({ ipFamily: "ipv6" });
    const dcv = requests.filter((r) => r.operation === "DescribeClusterVersions" && r.status === 200);
    expect(dcv.every((r) => r.query.includeAll === "true")).toBe(true);
    expect(new Set(dcv.map((r) => `${r.region}|${r.query.nextToken ?? ""}`)).size).toBe(dcv.length);
    // Insights arrive through paginated POSTs, statuses kept.
    expect(prod.insights.map((i) => i.status)).toEqual(["PASSING", "WARNING"]);
    expect(requests.filter((r) => r.operation === "ListInsights" && r.path.includes("prod-west-1")).length).toBe(2);

    // DescribeAddonVersions is cached per region + add-on + Kubernetes version.
    const dav = requests.filter((r) => r.operation === "DescribeAddonVersions" && r.status === 200);
    const keys = dav.map((r) => `${r.region}|${r.query.addonName}|${r.query.kubernetesVersion}`);
    expect(new Set(keys).size).toBe(keys.length);

    const payments = snapshot.clusters.find((c) => c.name === "payments-1")!;
    expect(payments.podIdentityAssociations).toEqual([
      expect.objectContaining({ associationId: "a-0example1234567ab", roleArn: "arn:aws:iam::111122223333:role/payments-1-vpc-cni-pod-identity" }),
    ]);
    expect(payments.cniRoles).toEqual([{ arn: "arn:aws:iam::111122223333:role/payments-1-vpc-cni-pod-identity", via: "pod-identity" }]);
    expect(payments.addons[0]?.health[0]?.code).toBe("ConfigurationConflict");

    // No SA role, no Pod Identity: the CNI runs on the node roles.
    const legacy = snapshot.clusters.find((c) => c.name === "legacy-batch")!;
    expect(legacy.cniRoles.map((r) => r.via)).toEqual(["node-role", "node-role"]);
    const auto = snapshot.clusters.find((c) => c.name === "auto-1")!;
    expect(auto).toMatchObject({ autoMode: true, cniRoles: [], nodeRoleArns: ["arn:aws:iam::111122223333:role/auto-1-node"] });

    expect(cniRoleArnsFromSnapshot(snapshot)).toContain("arn:aws:iam::111122223333:role/eu-shared-vpc-cni");
    expect(progress[0]).toEqual({ type: "listed", clusters: 9, failedTargets: 0 });
    expect(progress.filter((p) => p.type === "cluster").length).toBe(9);

    // The snapshot round-trips through its JSON form unchanged.
    expect(parseSnapshot(serializeSnapshot(snapshot))).toEqual(snapshot);
  });

  it("assumes the named role in each member account and reports an account it cannot enter", async () => {
    const { snapshot, requests } = await audit({
      regions: ["us-west-2"],
      accounts: ["444455556666", "777788889999"],
      roleName: "FleetReader",
      assumableRoles: ["arn:aws:iam::444455556666:role/FleetReader"],
    });
    expect(snapshot.clusters.map((c) => `${c.account}/${c.name}`)).toEqual(["444455556666/dev-1"]);
    expect(snapshot.scope).toEqual({ regions: ["us-west-2"], accounts: ["444455556666", "777788889999"], roleName: "FleetReader" });
    const assumed = requests.filter((r) => r.operation === "AssumeRole");
    expect(assumed.length).toBeGreaterThanOrEqual(2);
    // EKS calls for the member account were signed with the assumed credentials.
    expect(requests.filter((r) => r.operation === "DescribeCluster").every((r) => r.account === "444455556666")).toBe(true);
    expect(snapshot.failures).toEqual([
      expect.objectContaining({ account: "777788889999", cluster: null, operation: "ListClusters", error: expect.stringMatching(/AssumeRole arn:aws:iam::777788889999:role\/FleetReader/) }),
    ]);
  });
});
