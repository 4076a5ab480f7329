// EKS add-on versions: "v1.19.4-eksbuild.1", "v1.19.4", "1.19.4". The eksbuild number orders
// builds of one upstream release; a version without it sorts as the lowest build of its release.

export interface AddonVersion {
  major: number;
  minor: number;
  patch: number;
  build: number | null;
  raw: string;
}

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-eksbuild\.(\d+))?$/;

export function parseAddonVersion(v: string): AddonVersion | null {
  if (typeof v !== "string") return null;
  const m = VERSION.exec(v.trim());
  if (!m) return null;
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: Number(m[3]),
    build: m[4] === undefined ? null : Number(m[4]),
    raw: v,
  };
}

function mustParse(v: string, what: string): AddonVersion {
  const parsed = parseAddonVersion(v);
  if (!parsed) throw new Error(`${what}: "${v}" is not an add-on version (expected e.g. v1.19.4-eksbuild.1)`);
  return parsed;
}

export function compareParsed(a: AddonVersion, b: AddonVersion): number {
  return (
    a.major - b.major ||
    a.minor - b.minor ||
    a.patch - b.patch ||
    (a.build ?? -1) - (b.build ?? -1)
  );
}

/** Negative when a < b, 0 when equal, positive when a > b; throws on an unparseable version. */
export function compareAddonVersions(a: string, b: string): number {
  return Math.sign(compareParsed(mustParse(a, "compareAddonVersions"), mustParse(b, "compareAddonVersions")));
}

/**
 * Minor versions skipped going from `from` to `to` (v1.17 → v1.19 skips one). Zero for
 * downgrades and steps within one minor. Across a major boundary the minors do not line
 * up; every minor of the new major below the target counts as skipped.
 */
export function minorGap(from: string, to: string): number {
  const a = mustParse(from, "minorGap");
  const b = mustParse(to, "minorGap");
  if (compareParsed(b, a) <= 0) return 0;
  if (a.major !== b.major) return b.minor;
  return Math.max(0, b.minor - a.minor - 1);
}

/** True when `version` lies in [from, toExclusive); false for an unparseable version. */
export function inVersionRange(version: string, from: string, toExclusive: string | null): boolean {
  const v = parseAddonVersion(version);
  if (!v) return false;
  if (compareParsed(v, mustParse(from, "range start")) < 0) return false;
  return toExclusive === null || compareParsed(v, mustParse(toExclusive, "range end")) < 0;
}
