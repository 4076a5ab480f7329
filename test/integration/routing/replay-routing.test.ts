// replay with --silences and routes (the built launcher on examples/incident): silenced events
// are held back by event time and counted; `--json` alerts carry the sinks routes send them to.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, jsonLines } from "../../helpers/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "cni-replay-routing-"));
const file = (name: string, value: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(value));
  return p;
};
const silence = (over: Record<string, unknown> = {}) => ({
  id: "s-rbac",
  match: { rule: "cninodes-forbidden", cluster: "pay-prod-*" },
  until: "2026-11-20T00:00:00Z",
  reason: "EKS fix rolling out",
  createdBy: "arn:aws:sts::444455556666:assumed-role/admin/alice",
  // Created long before: the 90-day limit applies when a silence is created, not when a file is read.
  createdAt: "2026-01-01T00:00:00Z",
  ...over,
});
type A = { rule: string; cluster: string; count: number; routes?: string[] };
const replay = (...args: string[]) => cli(["replay", "--json", "--now", "2026-12-01T00:00:00Z", ...args, "examples/incident"]);

describe("replay --silences", () => {
  it("holds back matching events before `until`, counts them, and says so on stderr", () => {
    const base = replay();
    const r = replay("--silences", file("s1.json", [silence()]));
    expect(r.code).toBe(0);
    const rules = (t: string) => jsonLines<A>(t).map((a) => `${a.rule} ${a.cluster}`);
    expect(rules(base.stdout)).toContain("cninodes-forbidden pay-prod-1");
    expect(rules(r.stdout).filter((x) => x.startsWith("cninodes"))).toEqual([]);
    expect(rules(r.stdout)).toHaveLength(rules(base.stdout).length - 2);
    expect(r.stderr).toMatch(/, silenced 800\n$/);
    expect(r.stderr).toContain("silence s-rbac (EKS fix rolling out, by arn:aws:sts::444455556666:assumed-role/admin/alice) held back 800 events in 2 keys, worst high");
  });

  it("events at or after `until` are not held back", () => {
    const r = replay("--silences", file("s2.json", [silence({ until: "2026-11-19T02:00:05Z" })]));
    const counts = jsonLines<A>(r.stdout).filter((a) => a.rule === "cninodes-forbidden").map((a) => a.count);
    const held = Number(/silenced (\d+)/.exec(r.stderr)![1]);
    expect(held).toBeGreaterThan(0);
    expect(counts.reduce((x, y) => x + y, 0) + held).toBe(800);
  });

  it("a finding worse than maxSeverity breaks through", () => {
    const r = replay("--silences", file("s3.json", [silence({ maxSeverity: "medium" })]));
    expect(jsonLines<A>(r.stdout).filter((a) => a.rule === "cninodes-forbidden")).toHaveLength(2);
    expect(r.stderr).toMatch(/, silenced 0\n$/);
  });

  it("a bad silences file is a usage error", () => {
    const r = replay("--silences", file("s4.json", [silence({ match: {} })]));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("names nothing");
  });
});

describe("replay --json with routes", () => {
  it("each alert carries `routes`: the sinks it would go to", () => {
    const config = file("config.json", {
      sinks: { "slack:platform": { SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T/B/x" }, "sns:pager": { ALERT_TOPIC_ARN: "arn:aws:sns:eu-west-1:444455556666:pager" } },
      routes: [
        { match: { minSeverity: "critical" }, to: ["sns:pager"], continue: true },
        { match: { clusters: ["pay-*"] }, to: ["slack:platform"] },
      ],
    });
    const alerts = jsonLines<A>(replay("--config", config).stdout);
    const byKey = Object.fromEntries(alerts.map((a) => [`${a.rule} ${a.cluster}`, a.routes]));
    expect(byKey["cninodes-forbidden pay-prod-1"]).toEqual(["slack:platform"]);
    expect(byKey["eni-unauthorized orders-prod"]).toEqual([]);
    expect(alerts.filter((a) => a.rule === "addon-version-changed").map((a) => a.routes)).toContainEqual(["sns:pager"]);
  });

  it("without routes or named sinks the alert JSON is unchanged (no `routes`)", () => {
    expect(jsonLines<A>(replay().stdout).every((a) => !("routes" in a))).toBe(true);
  });
});
