// The AWS readers' pure parts: which date folders --since/--until keep (trail, organization
// trail and Firehose layouts) and how a log group's time range is cut into slices.
import { describe, expect, it } from "vitest";
import { timeSlices } from "../../../cli/input/log-groups.ts";
import { folderSpan, parseS3Url } from "../../../cli/input/s3.ts";

const iso = (ms: number): string => new Date(ms).toISOString();

describe("folderSpan", () => {
  it.each([
    ["AWSLogs/111122223333/CloudTrail/eu-west-1/2026/", "2026-01-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"],
    ["AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/", "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z"],
    ["AWSLogs/o-a1b2c3d4e5/444455556666/CloudTrail/us-east-1/2026/11/19/", "2026-11-19T00:00:00.000Z", "2026-11-20T00:00:00.000Z"],
    ["firehose/audit/2026/12/31/23/", "2026-12-31T23:00:00.000Z", "2027-01-01T00:00:00.000Z"],
  ])("%s covers [%s, %s)", (prefix, from, to) => {
    const span = folderSpan(prefix)!;
    expect([iso(span[0]), iso(span[1])]).toEqual([from, to]);
  });

  it.each(["AWSLogs/", "AWSLogs/111122223333/", "AWSLogs/111122223333/CloudTrail/eu-west-1/", "x/2026/13/", "x/1969/"])("%s is not a date folder", (prefix) => {
    expect(folderSpan(prefix)).toBeUndefined();
  });

  it("parses s3 URLs", () => {
    expect(parseS3Url("s3://trail/AWSLogs/")).toEqual({ bucket: "trail", prefix: "AWSLogs/" });
    expect(parseS3Url("s3://trail")).toEqual({ bucket: "trail", prefix: "" });
    expect(parseS3Url("/tmp/x")).toBeUndefined();
  });
});

describe("timeSlices", () => {
  it("cuts a range into up to 8 slices of at least an hour that cover it exactly once", () => {
    const since = Date.parse("2026-11-19T00:00:00Z");
    for (const hours of [0.25, 1, 5, 24, 24 * 7]) {
      const until = since + hours * 3_600_000;
      const slices = timeSlices(since, until);
      expect(slices.length).toBe(Math.min(8, Math.ceil(hours)));
      expect(slices[0]![0]).toBe(since);
      expect(slices.at(-1)![1]).toBe(until - 1);
      for (let i = 1; i < slices.length; i++) expect(slices[i]![0]).toBe(slices[i - 1]![1] + 1);
    }
  });
});
