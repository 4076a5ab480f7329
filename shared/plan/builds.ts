// The builds EKS offers for a cluster, from the snapshot's DescribeAddonVersions data, and the
// build a version request ("latest", "v1.22", "v1.22.4", "v1.22.4-eksbuild.1") resolves to.
import { compareAddonVersions, parseAddonVersion } from "../catalog/index.ts";
import type { ClusterSnapshot, FleetSnapshot } from "../fleet/snapshot.ts";

export interface Offered {
  /** Newest first. */
  versions: string[];
  /** The default build for that Kubernetes version, if known. */
  defaultVersion: string | null;
  /** false: only the cluster's default/latest are known (an older snapshot): other builds may exist. */
  complete: boolean;
}

const newestFirst = (vs: string[]): string[] => [...new Set(vs)].filter((v) => parseAddonVersion(v)).sort((a, b) => compareAddonVersions(b, a));

/** Builds of `addon` offered for Kubernetes `k8s` in the cluster's region. */
export function offeredBuilds(snapshot: FleetSnapshot, c: ClusterSnapshot, addon: string, k8s: string | null): Offered {
  const builds = snapshot.addonBuilds?.[c.region]?.[addon];
  if (builds && k8s) {
    const fit = builds.filter((b) => b.compatibilities.some((x) => x.clusterVersion === k8s));
    const def = fit.find((b) => b.compatibilities.some((x) => x.clusterVersion === k8s && x.defaultVersion));
    return { versions: newestFirst(fit.map((b) => b.version)), defaultVersion: def?.version ?? null, complete: true };
  }
  // Older snapshots know the default and latest build for the cluster's own Kubernetes version only.
  const info = k8s === c.kubernetesVersion ? c.addonVersions[addon] : undefined;
  const known = [info?.latestVersion, info?.defaultVersion].filter((v): v is string => !!v);
  return { versions: newestFirst(known), defaultVersion: info?.defaultVersion ?? null, complete: false };
}

export function isOffered(o: Offered, version: string): boolean {
  return o.versions.includes(version);
}

/** "v1.22.4" → release v1.22.4 of any build; "v1.22" → any build of the minor. */
function matches(spec: string, version: string): boolean {
  const v = parseAddonVersion(version);
  if (!v) return false;
  const s = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(spec.trim());
  if (!s) return false;
  return v.major === Number(s[1]) && v.minor === Number(s[2]) && (s[3] === undefined || v.patch === Number(s[3]));
}

/** A version request is one of the accepted shapes (the CLI checks it before planning). */
export function isVersionRequest(spec: string): boolean {
  return spec === "latest" || /^v?\d+\.\d+(\.\d+(-eksbuild\.\d+)?)?$/.test(spec.trim());
}

export type Resolved = { version: string; offered: boolean } | { version: null; why: string };

/** The build `spec` means for builds `o`; a full build not in `o` is kept when the list is incomplete. */
export function resolveBuild(spec: string, o: Offered, k8s: string | null): Resolved {
  const where = `Kubernetes ${k8s ?? "(unknown)"}`;
  if (spec === "latest") return o.versions[0] ? { version: o.versions[0], offered: true } : { version: null, why: `no vpc-cni build is known to be offered for ${where}` };
  const exact = parseAddonVersion(spec)?.build != null;
  if (exact) {
    const v = spec.startsWith("v") ? spec : `v${spec}`;
    if (isOffered(o, v)) return { version: v, offered: true };
    if (!o.complete) return { version: v, offered: false };
    return { version: null, why: `${v} is not offered for ${where}` };
  }
  const found = o.versions.find((v) => matches(spec, v));
  if (found) return { version: found, offered: true };
  return { version: null, why: `no build of ${spec} is ${o.complete ? "offered" : "known to be offered"} for ${where}` };
}

/** The newest build of minor `minor` ("v1.20") in `o`. */
export function newestOfMinor(o: Offered, minor: string): string | null {
  return o.versions.find((v) => matches(minor, v)) ?? null;
}
