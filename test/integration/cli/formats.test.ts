// Every --format of the built binary; OCSF and ASFF validated against the schemas in
// test/schemas/ (written from OCSF v1.3.0 and the Security Hub API model, see NOTICE.md).
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import type { Alert } from "../../../shared/types.ts";
import { cli, jsonLines } from "../../helpers/cli.ts";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: true, strictRequired: false }));
const schema = (name: string) => ajv.compile(JSON.parse(readFileSync(`test/schemas/${name}`, "utf8")));
const validOcsf = schema("ocsf-1.3.0-detection-finding.schema.json");
const validAsff = schema("asff-2018-10-08.schema.json");

const ARGS = ["--region", "eu-central-1", "examples/incident"];
const alerts = jsonLines<Alert>(cli(["replay", "--json", ...ARGS]).stdout);
const format = (f: string, args = ARGS) => cli(["replay", "--format", f, ...args]);

describe("replay --format", () => {
  it("jsonl is --json", () => {
    expect(format("jsonl").stdout).toBe(cli(["replay", "--json", ...ARGS]).stdout);
    expect(alerts).toHaveLength(6);
  });

  it("text opens with the summary and lists the critical alert first", () => {
    const out = format("text").stdout.split("\n");
    expect(out[0]).toMatch(/^6 alerts from \d+ events, 2026-11-12 .* → 2026-11-19 /);
    expect(out[1]).toBe("  severity: 1 critical, 2 high, 2 medium, 1 low");
    expect(out[2]).toContain("clusters: edge-prod (2), pay-prod-1 (1), pay-prod-2 (1), orders-prod (2)");
    const blocks = out.filter((l) => /^ [A-Z]+ {2}/.test(l));
    expect(blocks[0]).toMatch(/^ CRITICAL {2}addon-version-changed · edge-prod/);
    expect(blocks.at(-1)).toMatch(/^ LOW /);
    expect(out.indexOf(blocks[0]!)).toBeLessThan(20);
  });

  it("text lays remediation out for a terminal: bullets, indented commands, no Markdown markers", () => {
    const text = format("text").stdout;
    expect(text).toContain("    • What: ");
    expect(text).toMatch(/\n {8}aws eks update-addon --cluster-name edge-prod --addon-name vpc-cni/);
    expect(text).not.toContain("```");
    expect(text).not.toMatch(/\*\*[A-Z][a-z]+:\*\*/);
    expect(text).toContain("<https://github.com/aws/amazon-vpc-cni-k8s/pull/3277>");
  });

  it("csv has a header and one row per alert, formula-looking cells defused", () => {
    const rows = format("csv").stdout.split("\r\n").filter(Boolean);
    expect(rows[0]).toBe("severity,rule,cluster,account,region,count,firstSeen,lastSeen,title,knownIssues,dedupKey,references");
    expect(rows).toHaveLength(1 + alerts.length);
    expect(rows.slice(1).map((r) => r.split(",")[1]).sort()).toEqual(alerts.map((a) => a.rule).sort());
  });

  it("markdown is a document: summary table, then a section per alert worst first", () => {
    const md = format("markdown").stdout;
    expect(md).toMatch(/^# VPC CNI alerts\n\n\*\*6 alerts\*\*: 1 critical · 2 high · 2 medium · 1 low/);
    const sections = md.split("\n").filter((l) => l.startsWith("## "));
    expect(sections).toHaveLength(6);
    expect(sections[0]).toMatch(/^## CRITICAL: /);
  });

  it("ocsf is an array of Detection Findings valid against OCSF 1.3.0", () => {
    const findings = JSON.parse(format("ocsf").stdout) as Array<Record<string, any>>;
    expect(findings).toHaveLength(alerts.length);
    for (const f of findings) expect(validOcsf(f), JSON.stringify(validOcsf.errors)).toBe(true);
    const critical = findings.find((f) => f.severity_id === 5)!;
    expect(critical.class_uid).toBe(2004);
    expect(critical.type_uid).toBe(200401);
    expect(critical.finding_info.uid).toBe(alerts.find((a) => a.severity === "critical")!.dedupKey);
    expect(critical.resources[0].uid).toBe("arn:aws:eks:eu-central-1:444455556666:cluster/edge-prod");
  });

  it("the OCSF schema rejects what OCSF 1.3.0 does not allow (the validation can fail)", () => {
    const [f] = JSON.parse(format("ocsf").stdout) as Array<Record<string, any>>;
    expect(validOcsf({ ...f, class_uid: 2001 })).toBe(false);
    expect(validOcsf({ ...f, severity_id: 7 })).toBe(false);
    expect(validOcsf({ ...f, finding_info: { title: "x" } })).toBe(false);
    expect(validOcsf({ ...f, findng_info: {} })).toBe(false);
    expect(validOcsf({ ...f, time: "2026-11-19T02:30:00Z" })).toBe(false);
  });

  it("asff is a BatchImportFindings input valid against the ASFF model", () => {
    const { Findings } = JSON.parse(format("asff").stdout) as { Findings: Array<Record<string, any>> };
    expect(Findings).toHaveLength(alerts.length);
    for (const f of Findings) expect(validAsff(f), JSON.stringify(validAsff.errors)).toBe(true);
    const eni = Findings.find((f) => f.GeneratorId === "cni-auditor/eni-unauthorized")!;
    expect(eni.Id).toBe(alerts.find((a) => a.rule === "eni-unauthorized")!.dedupKey);
    expect(eni.FindingProviderFields.Severity.Label).toBe("MEDIUM"); // likely-vpc-cni: caller-written evidence only (issue 12)
    expect(eni.ProductArn).toBe("arn:aws:securityhub:eu-central-1:444455556666:product/444455556666/default");
    expect(validAsff({ ...eni, AwsAccountId: "4444" })).toBe(false);
    expect(validAsff({ ...eni, Title: "x".repeat(257) })).toBe(false);
  });

  it("asff leaves out, and names on stderr, an alert without an account or region", () => {
    const input = readFileSync("test/fixtures/sources/audit-403-cninodes.json", "utf8");
    const r = cli(["replay", "--format", "asff", "-"], { input });
    expect(JSON.parse(r.stdout)).toEqual({ Findings: [] });
    expect(r.stderr).toMatch(/not in ASFF: cninodes-forbidden .*needs an account and a region/);
    const filled = cli(["replay", "--format", "asff", "--account", "111122223333", "--region", "eu-west-1", "-"], { input });
    const { Findings } = JSON.parse(filled.stdout) as { Findings: unknown[] };
    expect(Findings).toHaveLength(1);
    expect(validAsff(Findings[0]), JSON.stringify(validAsff.errors)).toBe(true);
  });

  it("sarif is SARIF 2.1.0 with a rule per alert rule and a result per alert", () => {
    const sarif = JSON.parse(format("sarif").stdout);
    expect(sarif.version).toBe("2.1.0");
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe("cni-auditor");
    expect(run.results).toHaveLength(alerts.length);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    expect(run.results.find((r: any) => r.properties.severity === "critical").level).toBe("error");
  });

  it("--json with another --format is a usage error", () => {
    const r = cli(["replay", "--json", "--format", "csv", ...ARGS]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--json is --format jsonl");
  });
});

describe("fleet --format", () => {
  const SNAP = ["fleet", "--from-snapshot", "examples/fleet/snapshot.json"];
  it("prints the findings as OCSF, ASFF, CSV, SARIF and JSON Lines", () => {
    const report = JSON.parse(cli([...SNAP, "--format", "json"]).stdout) as { findings: Alert[] };
    expect(report.findings.length).toBeGreaterThan(0);
    expect(jsonLines<Alert>(cli([...SNAP, "--format", "jsonl"]).stdout)).toEqual(report.findings);
    const ocsf = JSON.parse(cli([...SNAP, "--format", "ocsf"]).stdout) as unknown[];
    expect(ocsf).toHaveLength(report.findings.length);
    for (const f of ocsf) expect(validOcsf(f), JSON.stringify(validOcsf.errors)).toBe(true);
    const { Findings } = JSON.parse(cli([...SNAP, "--format", "asff"]).stdout) as { Findings: unknown[] };
    expect(Findings.length).toBeGreaterThan(0);
    for (const f of Findings) expect(validAsff(f), JSON.stringify(validAsff.errors)).toBe(true);
    expect(cli([...SNAP, "--format", "csv"]).stdout.split("\r\n").filter(Boolean)).toHaveLength(1 + report.findings.length);
    expect(JSON.parse(cli([...SNAP, "--format", "sarif"]).stdout).runs[0].results).toHaveLength(report.findings.length);
    expect(cli([...SNAP, "--format", "markdown"]).stdout).toBe(cli([...SNAP, "--format", "md"]).stdout);
  });
});
