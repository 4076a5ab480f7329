// Every build EKS offers for the planned add-ons, once per region (DescribeAddonVersions
// without a Kubernetes filter lists each build with all the Kubernetes versions it supports).
// Best effort: a failed read leaves the add-on out, and plans fall back to the per-cluster
// default/latest versions.
import { paginateDescribeAddonVersions, type EKSClient } from "@aws-sdk/client-eks";
import { PLANNED_ADDONS, type AddonBuild } from "./snapshot.ts";

export async function readAddonBuilds(
  client: EKSClient,
  compare: (a: string, b: string) => number,
): Promise<Record<string, AddonBuild[]>> {
  const out: Record<string, AddonBuild[]> = {};
  for (const addonName of PLANNED_ADDONS) {
    try {
      const builds: AddonBuild[] = [];
      for await (const page of paginateDescribeAddonVersions({ client }, { addonName })) {
        for (const addon of page.addons ?? []) {
          if (addon.addonName !== undefined && addon.addonName !== addonName) continue;
          for (const v of addon.addonVersions ?? []) {
            if (!v.addonVersion) continue;
            const compatibilities = (v.compatibilities ?? [])
              .filter((c) => typeof c.clusterVersion === "string")
              .map((c) => ({ clusterVersion: c.clusterVersion as string, defaultVersion: c.defaultVersion === true }));
            builds.push({ version: v.addonVersion, compatibilities });
          }
        }
      }
      out[addonName] = builds.sort((a, b) => safeCompare(compare, b.version, a.version));
    } catch {
      // Left out: the plan says the builds are unknown and lists the command that shows them.
    }
  }
  return out;
}

function safeCompare(compare: (a: string, b: string) => number, a: string, b: string): number {
  try {
    return compare(a, b);
  } catch {
    return a.localeCompare(b);
  }
}
