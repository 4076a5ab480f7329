// DescribeAddonVersions per (region, add-on, Kubernetes version), cached for the whole run:
// every cluster of the same minor in a region shares one answer.
import { paginateDescribeAddonVersions, type EKSClient } from "@aws-sdk/client-eks";
import type { AddonVersionInfo } from "./snapshot.ts";

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
