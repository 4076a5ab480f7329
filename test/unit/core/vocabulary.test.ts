import { describe, expect, it } from "vitest";
import { isObject } from "../../../shared/core/object.ts";
import { isRegion, partitionOf } from "../../../shared/core/region.ts";
import { SEVERITIES, atLeast, compareSeverity, parseSeverity, worseSeverity } from "../../../shared/core/severity.ts";
import { clusterFromLogGroup } from "../../../shared/core/log-group.ts";
import { replaceControlRuns, replaceControls, replaceControlsKeepingLines } from "../../../shared/core/text.ts";
import { isCloudTrailStream } from "../../../shared/sources/subscription-header.ts";
import { GRAMMARS } from "../../../shared/render/command-values.ts";

describe("severity", () => {
  it("orders critical worst and info least, everywhere the same way", () => {
    expect(SEVERITIES).toEqual(["critical", "high", "medium", "low", "info"]);
    expect([...SEVERITIES].reverse().sort(compareSeverity)).toEqual(SEVERITIES);
    expect(worseSeverity("low", "high")).toBe("high");
    expect(worseSeverity("critical", "info")).toBe("critical");
    expect(atLeast("high", "medium")).toBe(true);
    expect(atLeast("medium", "medium")).toBe(true);
    expect(atLeast("low", "medium")).toBe(false);
  });

  it("parses exact names only", () => {
    expect(parseSeverity("high")).toBe("high");
    expect(parseSeverity("HIGH")).toBeUndefined();
    expect(parseSeverity("severe")).toBeUndefined();
  });
});

describe("regions", () => {
  it("accepts every partition's names and two-digit suffixes", () => {
    for (const r of ["eu-west-1", "ap-southeast-10", "us-gov-west-1", "cn-north-1", "cn-northwest-1", "eusc-de-east-1", "il-central-1"]) {
      expect(isRegion(r), r).toBe(true);
    }
    for (const r of ["", "eu-west", "EU-WEST-1", "eu_west_1", "eu-west-1 ", "westeurope", "e-west-1", "eu-west-1a"]) {
      expect(isRegion(r), r).toBe(false);
    }
  });

  it("is the same region everywhere one is checked (command values, trail log streams)", () => {
    for (const r of ["ap-southeast-10", "us-gov-west-1", "cn-north-1", "eusc-de-east-1"]) {
      expect(GRAMMARS.region.test.test(r), r).toBe(true);
      expect(isCloudTrailStream(`111122223333_CloudTrail_${r}`), r).toBe(true);
      expect(isCloudTrailStream(`o-abcdefghij_111122223333_CloudTrail_${r}_2`), r).toBe(true);
    }
    expect(GRAMMARS.region.test.test("eu-west-1; rm -rf /")).toBe(false);
    expect(isCloudTrailStream("111122223333_CloudTrail_eu-west")).toBe(false);
  });

  it("maps regions to ARN partitions", () => {
    expect(["eu-west-1", "us-gov-east-1", "cn-north-1", "eusc-de-east-1"].map(partitionOf)).toEqual(["aws", "aws-us-gov", "aws-cn", "aws-eusc"]);
  });
});

describe("untrusted text and shapes", () => {
  it("replaces C0, DEL, C1 and the Unicode line separators", () => {
    expect(replaceControls("a\u001b[31mb\nc\u007fd\u0085e\u2028f\u2029g", "?")).toBe("a?[31mb?c?d?e?f?g");
    expect(replaceControls("plain text ✓", "?")).toBe("plain text ✓");
    expect(replaceControls("a\nb", (c) => `<${c.charCodeAt(0)}>`)).toBe("a<10>b");
    expect(replaceControlRuns("a\r\n\u2028b", " ")).toBe("a b");
    expect(replaceControlsKeepingLines("a\r\nb\u2028c", " ")).toBe("a \nb c");
  });

  it("reads the cluster of a control-plane log group only", () => {
    expect(clusterFromLogGroup("/aws/eks/prod-1/cluster")).toBe("prod-1");
    expect([undefined, "", "/aws/eks/prod/other", "/aws/eks/a/b/cluster", "/aws/lambda/x"].map(clusterFromLogGroup)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it("isObject takes plain objects only", () => {
    expect([{}, { a: 1 }, [], null, "x", 1].map(isObject)).toEqual([true, true, false, false, false, false]);
  });
});
