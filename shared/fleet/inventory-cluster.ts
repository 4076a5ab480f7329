// Reads one EKS cluster into a ClusterSnapshot. DescribeCluster, ListAddons and
// DescribeAddon are required (without them nothing can be checked: the cluster is reported
// as failed); the other reads are optional and recorded in `partialErrors` when they fail,
// so one missing permission does not hide a whole cluster.
import {
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  DescribePodIdentityAssociationCommand,
  paginateListAddons,
  paginateListInsights,
  paginateListNodegroups,
  paginateListPodIdentityAssociations,
  type Addon,
  type EKSClient,
} from "@aws-sdk/client-eks";
import { ClusterReadError } from "../errors.ts";
import { cniRolesFor } from "./cni-roles.ts";
import { kubernetesSupportOf, type AddonVersionCache, type ClusterVersionCache } from "./inventory-versions.ts";
import type {
  AddonSnapshot,
  AddonVersionInfo,
  ClusterSnapshot,
  InsightSnapshot,
  PodIdentitySnapshot,
} from "./snapshot.ts";
import { TRACKED_ADDONS } from "./snapshot.ts";
import { errorText, isoOrNull } from "./sdk-values.ts";

async function required<T>(operation: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    throw new ClusterReadError(operation, errorText(err), { cause: err });
  }
}

export async function readCluster(
  client: EKSClient,
  place: { region: string; account: string | null },
  name: string,
  versions: AddonVersionCache,
  clusterVersions?: ClusterVersionCache,
): Promise<ClusterSnapshot> {
  const partialErrors: ClusterSnapshot["partialErrors"] = [];
  const optional = async <T>(operation: string, read: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await read();
    } catch (err) {
      partialErrors.push({ operation, error: errorText(err) });
      return fallback;
    }
  };

  const cluster = await required("DescribeCluster", async () => {
    const out = await client.send(new DescribeClusterCommand({ name }));
    if (!out.cluster) throw new Error("response has no cluster");
    return out.cluster;
  });
  const addonNames = await required("ListAddons", async () => {
    const names: string[] = [];
    for await (const page of paginateListAddons({ client }, { clusterName: name })) names.push(...(page.addons ?? []));
    return names;
  });
  const addons: AddonSnapshot[] = [];
  for (const addonName of addonNames.sort()) {
    const addon = await required("DescribeAddon", async () => {
      const out = await client.send(new DescribeAddonCommand({ clusterName: name, addonName }));
      if (!out.addon) throw new Error(`response has no addon for ${addonName}`);
      return out.addon;
    });
    addons.push(addonSnapshot(addon, addonName));
  }

  const podIdentityAssociations = await optional("ListPodIdentityAssociations", () => readAwsNodeAssociations(client, name), []);
  const insights = await optional("ListInsights", () => readInsights(client, name), []);
  const nodeRoleArns = await optional("ListNodegroups", () => readNodeRoles(client, name), []);
  const autoRole = cluster.computeConfig?.nodeRoleArn;
  if (autoRole && !nodeRoleArns.includes(autoRole)) nodeRoleArns.push(autoRole);

  const kubernetesVersion = cluster.version ?? null;
  const addonVersions: Record<string, AddonVersionInfo> = {};
  if (kubernetesVersion) {
    const wanted = TRACKED_ADDONS.filter((a) => a === "vpc-cni" || addonNames.includes(a));
    for (const addonName of wanted) {
      const info = await optional(`DescribeAddonVersions(${addonName})`, () => versions.get(client, place.region, addonName, kubernetesVersion), null);
      if (info) addonVersions[addonName] = info;
    }
  }

  // Support status and dates of the cluster's version (DescribeClusterVersions), not a table.
  const versionRows = kubernetesVersion && clusterVersions ? await optional("DescribeClusterVersions", () => clusterVersions.get(client, place.region), null) : null;
  const kubernetesSupport = kubernetesVersion && versionRows ? kubernetesSupportOf(kubernetesVersion, versionRows) : null;

  const autoMode = cluster.computeConfig?.enabled === true;
  const tags = { ...(cluster.tags ?? {}) };
  return {
    account: accountFromArn(cluster.arn) ?? place.account,
    region: place.region,
    name: cluster.name ?? name,
    arn: cluster.arn ?? null,
    status: cluster.status ?? null,
    kubernetesVersion,
    platformVersion: cluster.platformVersion ?? null,
    enabledLogTypes: (cluster.logging?.clusterLogging ?? [])
      .filter((l) => l.enabled === true)
      .flatMap((l) => l.types ?? [])
      .sort(),
    autoMode,
    ipFamily: ipFamilyOf(cluster.kubernetesNetworkConfig?.ipFamily),
    tags,
    addons,
    addonVersions,
    podIdentityAssociations,
    insights,
    nodeRoleArns: nodeRoleArns.sort(),
    cniRoles: cniRolesFor({ autoMode, tags, addons, podIdentityAssociations, nodeRoleArns }),
    partialErrors,
    supportType: cluster.upgradePolicy?.supportType ?? null,
    kubernetesSupport,
  };
}

function addonSnapshot(addon: Addon, fallbackName: string): AddonSnapshot {
  return {
    name: addon.addonName ?? fallbackName,
    version: addon.addonVersion ?? null,
    status: addon.status ?? null,
    health: (addon.health?.issues ?? []).map((i) => ({
      code: i.code ?? "Unknown",
      message: i.message ?? "",
      resourceIds: i.resourceIds ?? [],
    })),
    serviceAccountRoleArn: addon.serviceAccountRoleArn ?? null,
    podIdentityAssociationArns: addon.podIdentityAssociations ?? [],
    configurationValues: addon.configurationValues ?? null,
    owner: addon.owner ?? null,
    publisher: addon.publisher ?? null,
    modifiedAt: isoOrNull(addon.modifiedAt),
  };
}

async function readAwsNodeAssociations(client: EKSClient, clusterName: string): Promise<PodIdentitySnapshot[]> {
  const out: PodIdentitySnapshot[] = [];
  const input = { clusterName, namespace: "kube-system", serviceAccount: "aws-node" };
  for await (const page of paginateListPodIdentityAssociations({ client }, input)) {
    for (const a of page.associations ?? []) {
      if (!a.associationId) continue;
      // The list has no roleArn; DescribePodIdentityAssociation does.
      const described = await client.send(
        new DescribePodIdentityAssociationCommand({ clusterName, associationId: a.associationId }),
      );
      out.push({
        associationId: a.associationId,
        associationArn: a.associationArn ?? null,
        namespace: a.namespace ?? "kube-system",
        serviceAccount: a.serviceAccount ?? "aws-node",
        roleArn: described.association?.roleArn ?? null,
        ownerArn: a.ownerArn ?? null,
      });
    }
  }
  return out;
}

async function readInsights(client: EKSClient, clusterName: string): Promise<InsightSnapshot[]> {
  const out: InsightSnapshot[] = [];
  for await (const page of paginateListInsights({ client }, { clusterName })) {
    for (const i of page.insights ?? []) {
      out.push({
        id: i.id ?? "",
        name: i.name ?? i.id ?? "",
        category: i.category ?? null,
        kubernetesVersion: i.kubernetesVersion ?? null,
        status: i.insightStatus?.status ?? null,
        reason: i.insightStatus?.reason ?? null,
        description: i.description ?? null,
        lastRefreshTime: isoOrNull(i.lastRefreshTime),
      });
    }
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

async function readNodeRoles(client: EKSClient, clusterName: string): Promise<string[]> {
  const roles = new Set<string>();
  for await (const page of paginateListNodegroups({ client }, { clusterName })) {
    for (const nodegroupName of page.nodegroups ?? []) {
      const out = await client.send(new DescribeNodegroupCommand({ clusterName, nodegroupName }));
      if (out.nodegroup?.nodeRole) roles.add(out.nodegroup.nodeRole);
    }
  }
  return [...roles];
}

function ipFamilyOf(v: string | undefined): "ipv4" | "ipv6" | null {
  return v === "ipv4" || v === "ipv6" ? v : null;
}

/** arn:aws:eks:us-west-2:111122223333:cluster/name → 111122223333 */
export function accountFromArn(arn: string | undefined): string | null {
  const account = arn?.split(":")[4];
  return account && /^\d{12}$/.test(account) ? account : null;
}
