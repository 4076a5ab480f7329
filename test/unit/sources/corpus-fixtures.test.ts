// The corpus checker (`npm run corpus`, scripts/corpus-check.mjs) over our own reproductions of the
// real carriers and shapes met in third-party data (test/fixtures/corpus/PROVENANCE.md). It runs
// the built CLI, as `npm test` builds it first.
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript module without types
import { checkCorpus } from "../../../scripts/corpus-check.mjs";

interface Check {
  summary: string;
  alerts: Array<{ rule: string; severity: string; facts: Record<string, unknown> }>;
  problems: string[];
}

describe("corpus checker over the reproduction fixtures", () => {
  it("decodes every clean carrier quietly: nothing rejected, no alert, digests and Insights skipped with a reason", () => {
    const r = checkCorpus("test/fixtures/corpus/clean", { region: "us-west-2" }) as Check;
    expect(r.problems).toEqual([]);
    expect(r.alerts).toEqual([]);
    expect(r.summary).toMatch(/rejected 0/);
    expect(r.summary).toMatch(/cloudtrail-digest 1/);
    expect(r.summary).toMatch(/cloudtrail-insight 3/);
  });

  it("keeps the true positives in real carriers (CloudTrail in CWL, Firehose object, export task)", () => {
    const r = checkCorpus("test/fixtures/corpus/alerting", { expectAlerts: true, region: "us-west-2" }) as Check;
    expect(r.problems).toEqual([]);
    const got = r.alerts.map((a) => `${a.rule} ${a.severity}`).sort();
    expect(got).toEqual(["aws-node-modified high", "aws-node-modified medium", "eni-unauthorized low"]);
    expect(r.alerts.find((a) => a.rule === "eni-unauthorized")?.facts.againstEvidence).toBe("aws-cli");
  });

  it("fails a directory that alerts when it should be quiet", () => {
    const loud = checkCorpus("test/fixtures/corpus/alerting", { region: "us-west-2" }) as Check;
    expect(loud.problems.join(" ")).toMatch(/above info/);
  });
});
