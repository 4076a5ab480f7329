// `cni-auditor route`: a route tested before it is deployed (the built launcher).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../../helpers/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "cni-route-"));
const file = (name: string, value: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof value === "string" ? value : JSON.stringify(value));
  return p;
};
const config = file("config.json", {
  sinks: {
    "slack:platform": { SLACK_WEBHOOK_PARAMETER: "/cni-auditor/prod/slack/platform" },
    "sns:pager": { ALERT_TOPIC_ARN: "arn:aws:sns:eu-west-1:111122223333:pager" },
  },
  routes: [
    { name: "prod pager", match: { minSeverity: "critical", clusters: ["prod-*"] }, to: ["sns:pager"], continue: true },
    { name: "platform", match: { rules: ["cninodes-forbidden", "aws-node-modified"] }, to: ["slack:platform"], sendResolved: true },
    { name: "rest", match: {}, to: ["sns:pager"] },
  ],
});
const alert = (over: Record<string, unknown> = {}) => ({
  rule: "cninodes-forbidden", severity: "high", title: "t", cluster: "prod-eu-1", account: "111122223333", region: "eu-west-1",
  dedupKey: "k", count: 3, firstSeen: "2026-12-01T00:00:00Z", lastSeen: "2026-12-01T00:01:00Z", facts: {}, knownIssues: [],
  remediation: "r", references: [], samples: [], ...over,
});

describe("cni-auditor route", () => {
  it("shows each route in order, why it did not match, and the sinks", () => {
    const r = cli(["route", "--config", config, "--alert", file("a.json", alert())]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        "cninodes-forbidden high prod-eu-1 111122223333 eu-west-1",
        "  ✘ skipped  prod pager: severity high is below critical",
        "  ✔ matched  platform",
        "  · not reached  rest",
        "  → slack:platform; resolved messages to slack:platform",
        "",
      ].join("\n"),
    );
  });

  it("--json: the decision per alert (JSON Lines in, one line each out)", () => {
    const lines = [alert({ severity: "critical" }), alert({ rule: "addon-deleted", cluster: "dev-1" })].map((a) => JSON.stringify(a)).join("\n");
    const r = cli(["route", "--config", config, "--alert", "-", "--json"], { input: lines });
    const out = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { sinks: string[] });
    expect(out.map((d) => d.sinks)).toEqual([["sns:pager", "slack:platform"], ["sns:pager"]]);
  });

  it("a route naming an unknown sink, or a bad alert, is a usage error", () => {
    const bad = file("bad.json", { routes: [{ match: {}, to: ["slack:nowhere"] }] });
    const r = cli(["route", "--config", bad, "--alert", file("a2.json", alert())]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("slack:nowhere");
    expect(cli(["route", "--config", config, "--alert", file("a3.json", "{}")]).code).toBe(2);
  });
});
