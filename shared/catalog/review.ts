import { compareParsed, parseAddonVersion } from "./version.ts";

// How far the catalog has been checked: the review date and, per add-on, the newest release
// the review saw (domain-2026-12.md §0). A newer version may have issues nobody recorded yet.

export const CATALOG_REVIEW = {
  date: "2026-12-03",
  /** Newest release seen per add-on. Without an eksbuild, every build of that release counts as seen. */
  versions: {
    "vpc-cni": "v1.23.3",
    "eks-pod-identity-agent": "v1.3.10-eksbuild.2",
  } as Readonly<Record<string, string>>,
  /** The network policy agent bundled with the newest reviewed vpc-cni (chart at HEAD). */
  networkPolicyAgent: "v1.4.2",
} as const;

/** True when `version` of `addon` is newer than anything the review saw (known issues unknown). */
export function newerThanReviewed(addon: string, version: string | null | undefined): boolean {
  const seen = parseAddonVersion(CATALOG_REVIEW.versions[addon] ?? "");
  const v = parseAddonVersion(version ?? "");
  if (!seen || !v) return false;
  if (seen.build === null) return compareParsed({ ...v, build: null }, seen) > 0;
  return compareParsed(v, seen) > 0;
}

/** The newest `reviewed` date of the entries (YYYY-MM-DD sorts as text). */
export function newestReview(entries: readonly { reviewed: string }[]): string | null {
  return entries.reduce<string | null>((best, e) => (best === null || e.reviewed > best ? e.reviewed : best), null);
}
