// Version helpers for checks: tolerant comparisons (API values can be anything) and the
// version a remediation should move an add-on to.
import { compareAddonVersions, parseAddonVersion } from "../catalog/index.ts";
import type { ClusterSnapshot } from "./snapshot.ts";

/** compareAddonVersions, or null when either side is not an add-on version. */
export function compareOrNull(a: string | null | undefined, b: string | null | undefined): number | null {
  if (!a || !b || !parseAddonVersion(a) || !parseAddonVersion(b)) return null;
  return compareAddonVersions(a, b);
}

export function isBelow(version: string | null | undefined, floor: string): boolean {
  const c = compareOrNull(version, floor);
  return c !== null && c < 0;
}

/**
 * The version to move `addon` to: the cluster's default version if it is at least every
 * floor, else the latest compatible one if that is, else null (the caller lists versions).
 */
export function upgradeTarget(cluster: ClusterSnapshot, addon: string, floors: readonly (string | null)[] = []): string | null {
  const info = cluster.addonVersions[addon];
  const meets = (v: string | null | undefined): v is string =>
    !!v && floors.every((f) => f === null || (compareOrNull(v, f) ?? -1) >= 0);
  if (meets(info?.defaultVersion)) return info.defaultVersion;
  if (meets(info?.latestVersion)) return info.latestVersion;
  return null;
}

/** "v1.19.5-eksbuild.1" → "v1.19" */
export function minorOf(version: string): string | null {
  const v = parseAddonVersion(version);
  return v ? `v${v.major}.${v.minor}` : null;
}

/** The minors to step through from `from` to `to` (exclusive of `from`), e.g. [v1.17, v1.18, v1.19]. */
export function minorSteps(from: string, to: string): string[] {
  const a = parseAddonVersion(from);
  const b = parseAddonVersion(to);
  if (!a || !b || a.major !== b.major || b.minor <= a.minor) return [];
  const steps: string[] = [];
  for (let m = a.minor + 1; m <= b.minor; m++) steps.push(`v${a.major}.${m}`);
  return steps;
}
