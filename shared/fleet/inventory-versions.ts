// DescribeAddonVersions per (region, add-on, Kubernetes version), cached for the whole run:
// every cluster of the same minor in a region shares one answer.
import { paginateDescribeAddonVersions, paginateDescribeClusterVersions, type EKSClient } from "@aws-sdk/client-eks";
import { isoOrNull } from "./sdk-values.ts";
import type { AddonVersionInfo, KubernetesSupport } from "./snapshot.ts";

export interface AddonVersionCache {
  get(client: EKSClient, region: string, addonName: string, kubernetesVersion: string): Promise<AddonVersionInfo>;
}

export function createAddonVersionCache(compare: (a: string, b: string) => number): AddonVersionCache {
  const cache = new Map<string, Promise<AddonVersionInfo>>();
  return {
    get(client, region, addonName, kubernetesVersion) {
      const key = `${region}|${addonName}|${kubernetesVersion}`;
      let pending = cache.get(key);
      if (!pending) {
        pending = fetchVersions(client, addonName, kubernetesVersion, compare);
        // A failed read is not cached: the next cluster tries again.
        pending.catch(() => cache.delete(key));
        cache.set(key, pending);
      }
      return pending;
    },
  };
}

async function fetchVersions(
  client: EKSClient,
  addonName: string,
  kubernetesVersion: string,
  compare: (a: string, b: string) => number,
): Promise<AddonVersionInfo> {
  let defaultVersion: string | null = null;
  const compatible: string[] = [];
  for await (const page of paginateDescribeAddonVersions({ client }, { addonName, kubernetesVersion })) {
    for (const addon of page.addons ?? []) {
      if (addon.addonName !== undefined && addon.addonName !== addonName) continue;
      for (const v of addon.addonVersions ?? []) {
        const compat = (v.compatibilities ?? []).find((c) => c.clusterVersion === kubernetesVersion);
        if (!v.addonVersion || !compat) continue;
        compatible.push(v.addonVersion);
        if (compat.defaultVersion === true) defaultVersion = v.addonVersion;
      }
    }
  }
  const latestVersion = compatible.reduce<string | null>((best, v) => (best === null || compare(v, best) > 0 ? v : best), null);
  const oldestVersion = compatible.reduce<string | null>((best, v) => (best === null || compare(v, best) < 0 ? v : best), null);
  return { defaultVersion, latestVersion, oldestVersion };
}

// DescribeClusterVersions per region, cached for the run: the support status and dates of every
// Kubernetes version (includeAll, so versions past extended support show as UNSUPPORTED).
export interface ClusterVersionRow {
  version: string;
  status: string | null;
  endOfStandardSupport: string | null;
  endOfExtendedSupport: string | null;
}

export interface ClusterVersionCache {
  get(client: EKSClient, region: string): Promise<ClusterVersionRow[]>;
}

export function createClusterVersionCache(): ClusterVersionCache {
  const cache = new Map<string, Promise<ClusterVersionRow[]>>();
  return {
    get(client, region) {
      let pending = cache.get(region);
      if (!pending) {
        pending = fetchClusterVersions(client);
        pending.catch(() => cache.delete(region));
        cache.set(region, pending);
      }
      return pending;
    },
  };
}

async function fetchClusterVersions(client: EKSClient): Promise<ClusterVersionRow[]> {
  const rows: ClusterVersionRow[] = [];
  for await (const page of paginateDescribeClusterVersions({ client }, { includeAll: true })) {
    for (const v of page.clusterVersions ?? []) {
      if (!v.clusterVersion || (v.clusterType !== undefined && v.clusterType !== "eks")) continue;
      rows.push({
        version: v.clusterVersion,
        status: v.versionStatus ?? v.status ?? null,
        endOfStandardSupport: isoOrNull(v.endOfStandardSupportDate),
        endOfExtendedSupport: isoOrNull(v.endOfExtendedSupportDate),
      });
    }
  }
  return rows;
}

const SUPPORTED = new Set(["STANDARD_SUPPORT", "EXTENDED_SUPPORT"]);
const minor = (v: string): number | null => {
  const m = /^1\.(\d+)$/.exec(v);
  return m ? Number(m[1]) : null;
};

/** The support of `version` from the region's rows: its status and dates, the next minor (the only upgrade step) when EKS supports it, and the oldest supported version. */
export function kubernetesSupportOf(version: string, rows: readonly ClusterVersionRow[]): KubernetesSupport {
  const row = rows.find((r) => r.version === version);
  const m = minor(version);
  const supported = rows.filter((r) => r.status !== null && SUPPORTED.has(r.status) && minor(r.version) !== null);
  const next = m === null ? undefined : supported.find((r) => minor(r.version) === m + 1);
  const oldest = supported.reduce<ClusterVersionRow | null>((best, r) => (best === null || minor(r.version)! < minor(best.version)! ? r : best), null);
  return {
    // Not listed at all (includeAll lists every version EKS ever had): treat as unsupported only when others are listed.
    status: row?.status ?? (rows.length > 0 ? "UNSUPPORTED" : null),
    endOfStandardSupport: row?.endOfStandardSupport ?? null,
    endOfExtendedSupport: row?.endOfExtendedSupport ?? null,
    nextVersion: next?.version ?? null,
    oldestSupportedVersion: oldest?.version ?? null,
  };
}
