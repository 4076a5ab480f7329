// Flags mean what they say: fill-ins never overwrite what a record names; filters filter.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Alert } from "../../../shared/types.ts";
import { cli, jsonLines } from "../../helpers/cli.ts";

const INCIDENT = "examples/incident";
const SAMPLES = "test/fixtures/sources";
const replay = (args: string[], input?: string) => jsonLines<Alert>(cli(["replay", "--json", ...args, input === undefined ? INCIDENT : "-"], input === undefined ? {} : { input }).stdout);
const places = (as: Alert[]) => as.map((a) => [a.rule, a.cluster, a.account, a.region].join(" ")).sort();

describe("--cluster/--account/--region fill in, never overwrite", () => {
  it("leaves every alert whose records name its placement as it was", () => {
    const plain = replay([]);
    const filled = replay(["--cluster", "OVERRIDE", "--account", "999999999999", "--region", "ap-south-1"]);
    // Every incident record names its account and cluster (log group, EKS request, ENI tags);
    // the audit-log subscription names no region, so only a missing region is filled.
    const expected = plain.map((a) => ({ ...a, region: a.region ?? "ap-south-1" }));
    expect(places(filled)).toEqual(places(expected));
    expect(plain.some((a) => a.region === null)).toBe(true);
    const eni = filled.find((a) => a.rule === "eni-unauthorized")!;
    expect(eni.cluster).toBe("orders-prod");
    expect(filled.map((a) => a.cluster)).not.toContain("OVERRIDE");
  });

  it("fills what the input lacks, in the alert and its remediation", () => {
    const raw = readFileSync(`${SAMPLES}/audit-403-cninodes.json`, "utf8");
    const [bare] = replay([], raw);
    expect([bare!.cluster, bare!.account, bare!.region]).toEqual([null, null, null]);
    const [alert] = replay(["--cluster", "demo", "--account", "111122223333", "--region", "eu-west-1"], raw);
    expect([alert!.cluster, alert!.account, alert!.region]).toEqual(["demo", "111122223333", "eu-west-1"]);
    expect(alert!.remediation).toContain("demo");
  });
});

describe("--only-* filters", () => {
  const all = replay([]);
  it.each([
    [["--only-cluster", "pay-prod-1"], (a: Alert) => a.cluster === "pay-prod-1"],
    [["--only-cluster", "pay-prod-1", "--only-cluster", "edge-prod"], (a: Alert) => a.cluster === "pay-prod-1" || a.cluster === "edge-prod"],
    [["--only-cluster", "pay-prod-1,edge-prod"], (a: Alert) => a.cluster === "pay-prod-1" || a.cluster === "edge-prod"],
    [["--only-rule", "cninodes-forbidden"], (a: Alert) => a.rule === "cninodes-forbidden"],
    [["--only-rule", "eni-unauthorized", "--only-rule", "aws-node-modified"], (a: Alert) => a.rule === "eni-unauthorized" || a.rule === "aws-node-modified"],
    [["--only-account", "444455556666"], () => true],
    [["--only-account", "000000000000"], () => false],
    [["--only-region", "eu-central-1"], (a: Alert) => a.region === "eu-central-1"],
    [["--only-cluster", "orders-prod", "--only-rule", "eni-unauthorized"], (a: Alert) => a.cluster === "orders-prod" && a.rule === "eni-unauthorized"],
    [["--min-severity", "high", "--only-cluster", "edge-prod"], (a: Alert) => a.cluster === "edge-prod" && (a.severity === "critical" || a.severity === "high")],
  ])("%j keeps exactly the matching alerts", (args, keep) => {
    const expected = all.filter(keep);
    const got = replay(args);
    expect(got).toEqual(expected);
  });

  it("says how many alerts the filters dropped", () => {
    const r = cli(["replay", "--json", "--only-rule", "cninodes-forbidden", INCIDENT]);
    expect(r.stderr).toMatch(/alerts 2, rejected 0, filtered out 4/);
  });
});
