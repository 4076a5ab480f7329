// The organization-trail subscription filter (shared/triggers/trail-filter-pattern.ts), run by the
// CloudWatch Logs filter evaluator the loopback peer uses: every CloudTrail record a rule's fixture
// matches gets through, the clean corpus's routine calls mostly do not, it fits in 1024
// characters, and the README prints exactly the generated pattern.
import { readdirSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { deployedTriggers } from "../../../infra/triggers.ts";
import { FILTER_PATTERN_MAX } from "../../../shared/triggers/filter-pattern.ts";
import { cloudTrailFilterPattern } from "../../../shared/triggers/trail-filter-pattern.ts";
import { matchesFilterPattern } from "../../helpers/triggers/filter-eval.ts";

const root = new URL("../../../", import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), "utf8");
const pattern = deployedTriggers({ disabledRules: [], extraSystemUsers: [] }).trailFilterPattern!;

/** The CloudTrail record as the trail writes it into the log group (no EventBridge envelope). */
const asLogged = (record: Record<string, unknown>): string => JSON.stringify(record.detail ?? record);

const ruleCases = readdirSync(new URL("test/fixtures/rules/", root))
  .filter((f) => f.endsWith(".json"))
  .flatMap((f) => ((JSON.parse(read(`test/fixtures/rules/${f}`)).cases ?? []) as Array<Record<string, any>>).map((c): Record<string, any> => ({ file: f, ...c })))
  .filter((c) => c.source === "cloudtrail");

function cleanRecords(): Array<Record<string, unknown>> {
  const dir = "test/fixtures/corpus/clean/";
  const trail = JSON.parse(gunzipSync(readFileSync(new URL(`${dir}111122223333_CloudTrail_us-west-2_20260501T1010Z_example.json.gz`, root))).toString());
  const lookup = JSON.parse(read(`${dir}lookup-events.json`)).Events.map((e: { CloudTrailEvent: string }) => JSON.parse(e.CloudTrailEvent));
  return [...trail.Records, ...lookup];
}

describe("organization trail subscription filter pattern", () => {
  it("fits CloudWatch's 1024-character limit and is only the syntax the evaluator knows", () => {
    expect(pattern.length).toBeLessThanOrEqual(FILTER_PATTERN_MAX);
    expect(() => matchesFilterPattern(pattern, "{}")).not.toThrow();
    expect(pattern).toMatch(/^\{ \(\$\.eventSource = "/);
  });

  it("lets every CloudTrail record a rule matches through", () => {
    const matched = ruleCases.filter((c) => c.expect?.match === true);
    expect(matched.length).toBeGreaterThan(20);
    const dropped = matched.filter((c) => !matchesFilterPattern(pattern, asLogged(c.record))).map((c) => `${c.file}: ${c.name}`);
    expect(dropped).toEqual([]);
  });

  it("keeps most of the clean corpus's routine CloudTrail records out", () => {
    const clean = cleanRecords();
    expect(clean.length).toBeGreaterThan(3);
    const through = clean.filter((r) => matchesFilterPattern(pattern, JSON.stringify(r)));
    expect(through.length / clean.length).toBeLessThan(0.25);
    // A routine successful read, and a non-JSON line, never pass.
    expect(matchesFilterPattern(pattern, JSON.stringify({ eventSource: "ec2.amazonaws.com", eventName: "DescribeInstances" }))).toBe(false);
    expect(matchesFilterPattern(pattern, "not json")).toBe(false);
  });

  it("widens the longest event-name list rather than exceed 1024 characters, and never drops a trigger's record", () => {
    const names = Array.from({ length: 80 }, (_, i) => `CreateSomethingRatherLong${i}`);
    const wide = cloudTrailFilterPattern([
      { eventSource: "ec2.amazonaws.com", eventNames: names, failed: false },
      { eventSource: "sts.amazonaws.com", eventNames: ["AssumeRoleWithWebIdentity"], failed: true },
    ]);
    expect(wide.length).toBeLessThanOrEqual(FILTER_PATTERN_MAX);
    expect(matchesFilterPattern(wide, JSON.stringify({ eventSource: "ec2.amazonaws.com", eventName: names[79] }))).toBe(true);
    expect(matchesFilterPattern(wide, JSON.stringify({ eventSource: "ec2.amazonaws.com", eventName: "X", errorCode: "Client.Unauthorized" }))).toBe(false);
    expect(wide).toContain('$.eventName = "AssumeRoleWithWebIdentity"');
    expect(() => cloudTrailFilterPattern([{ eventSource: 'x"y', eventNames: ["A"], failed: false }])).toThrow(/cannot be written/);
  });

  it("the README prints exactly the generated pattern", () => {
    if (process.env.PRINT_TRAIL_PATTERN) console.log(`${pattern.length}\n${pattern}`);
    expect(read("README.md")).toContain(`\`${pattern}\``);
  });
});
