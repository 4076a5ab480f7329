import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareAddonVersions, inVersionRange, minorGap, parseAddonVersion } from "../../../shared/catalog/index.ts";

describe("parseAddonVersion", () => {
  it("reads the shapes EKS and the CNI use", () => {
    expect(parseAddonVersion("v1.19.4-eksbuild.1")).toEqual({ major: 1, minor: 19, patch: 4, build: 1, raw: "v1.19.4-eksbuild.1" });
    expect(parseAddonVersion("1.19.4")).toEqual({ major: 1, minor: 19, patch: 4, build: null, raw: "1.19.4" });
    expect(parseAddonVersion("v1.2.0-eksbuild.1")?.minor).toBe(2);
    expect(parseAddonVersion(" v1.11.1-eksbuild.4 ")?.build).toBe(4);
  });

  it("rejects what is not a version", () => {
    for (const bad of ["", "latest", "v1.19", "v1.19.4-rc1", "v1.19.4-eksbuild.", "1.19.4.5", "vv1.0.0"]) expect(parseAddonVersion(bad), bad).toBeNull();
    expect(parseAddonVersion(42 as unknown as string)).toBeNull();
  });
});

describe("compareAddonVersions", () => {
  it("orders eksbuild suffixes, and a bare version first among its builds", () => {
    const sorted = ["v1.19.5-eksbuild.1", "v1.19.4-eksbuild.2", "v1.19.4", "v1.9.0-eksbuild.1", "v1.19.4-eksbuild.1", "v1.19.4-eksbuild.10"].sort(
      compareAddonVersions,
    );
    expect(sorted).toEqual(["v1.9.0-eksbuild.1", "v1.19.4", "v1.19.4-eksbuild.1", "v1.19.4-eksbuild.2", "v1.19.4-eksbuild.10", "v1.19.5-eksbuild.1"]);
    expect(compareAddonVersions("1.19.4", "v1.19.4")).toBe(0);
  });

  it("throws a clear error on an unparseable version", () => {
    expect(() => compareAddonVersions("v1.19.4", "latest")).toThrow(/"latest" is not an add-on version/);
  });

  const version = fc
    .tuple(fc.nat(3), fc.nat(30), fc.nat(12), fc.option(fc.integer({ min: 1, max: 20 }), { nil: null }))
    .map(([a, b, c, d]) => `v${a}.${b}.${c}${d === null ? "" : `-eksbuild.${d}`}`);

  it("is a total order (antisymmetric, transitive)", () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        expect(Math.sign(compareAddonVersions(a, b))).toBe(-Math.sign(compareAddonVersions(b, a)));
        if (compareAddonVersions(a, b) <= 0 && compareAddonVersions(b, c) <= 0) expect(compareAddonVersions(a, c)).toBeLessThanOrEqual(0);
      }),
    );
  });
});

describe("minorGap and ranges", () => {
  it("counts the minors skipped", () => {
    expect(minorGap("v1.18.3-eksbuild.1", "v1.19.0-eksbuild.1")).toBe(0);
    expect(minorGap("v1.16.4-eksbuild.2", "v1.18.3-eksbuild.1")).toBe(1);
    expect(minorGap("v1.12.0", "v1.19.5-eksbuild.1")).toBe(6);
    expect(minorGap("v1.19.5-eksbuild.1", "v1.16.0-eksbuild.1")).toBe(0);
    expect(minorGap("v1.19.4-eksbuild.1", "v1.19.4-eksbuild.2")).toBe(0);
    expect(minorGap("v1.30.0", "v2.2.0")).toBe(2);
    expect(() => minorGap("x", "v1.0.0")).toThrow(/minorGap/);
  });

  it("treats ranges as [from, toExclusive)", () => {
    expect(inVersionRange("v1.19.4-eksbuild.1", "v1.19.4", "v1.19.5")).toBe(true);
    expect(inVersionRange("v1.19.4", "v1.19.4", "v1.19.5")).toBe(true);
    expect(inVersionRange("v1.19.5", "v1.19.4", "v1.19.5")).toBe(false);
    expect(inVersionRange("v1.19.3-eksbuild.9", "v1.19.4", null)).toBe(false);
    expect(inVersionRange("v9.0.0", "v1.19.4", null)).toBe(true);
    expect(inVersionRange("garbage", "v1.0.0", null)).toBe(false);
  });
});
