// `cni-auditor doctor` through the built CLI against loopback peers speaking the services' wire
// protocols (CloudWatch Logs, EventBridge, CloudTrail, SSM, Slack, SNS): a healthy stage passes
// every check and each sink gets one test alert; a broken one fails exactly where it is broken,
// with exit code 1, and a hostile log group name prints inert.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadInfraConfig, type StageSettings } from "../../../infra/config.ts";
import { deployedTriggers } from "../../../infra/triggers.ts";
import { BIN, REPO } from "../../helpers/cli.ts";
import {
  startCloudTrailPeer,
  startEventBridgePeer,
  startLogsPeer,
  startSecurityHubPeer,
  startSlackPeer,
  startSnsPeer,
  startSsmPeer,
  type CloudTrailPeer,
  type EventBridgePeer,
  type LogsPeer,
  type SecurityHubPeer,
  type SlackPeer,
  type SnsPeer,
  type SsmPeer,
} from "../../helpers/peers/index.ts";

const PARAM = "/cni-auditor/prod/slack-webhook-url";
const TOPIC = "arn:aws:sns:eu-west-1:111122223333:cni-auditor-prod-alerts";
const stages: Record<string, StageSettings> = { prod: { clusters: ["pay-1", "pay-2"], secrets: { slack: PARAM } } };
const triggers = deployedTriggers(loadInfraConfig("prod", {}, stages));
const dir = mkdtempSync(join(tmpdir(), "cni-doctor-"));
const settings = join(dir, "stages.json");
writeFileSync(settings, JSON.stringify(stages));

let logs: LogsPeer;
let events: EventBridgePeer;
let trail: CloudTrailPeer;
let ssm: SsmPeer;
let slack: SlackPeer;
let sns: SnsPeer;
let hub: SecurityHubPeer;
const filter = () => ({
  filterName: "cni-auditor-prod",
  filterPattern: triggers.filterPattern!,
  destinationArn: "arn:aws:lambda:eu-west-1:111122223333:function:cni-auditor-prod-AuditLogsFunction-a1b2c3",
});
const healthyRules = () =>
  triggers.eventRules.map((g, i) => ({
    name: `cni-auditor-prod-CloudTrail-${g.name}-${i}`,
    state: g.state,
    eventPattern: JSON.stringify(g.pattern),
  }));

beforeAll(async () => {
  [logs, events, trail, ssm, slack, sns] = await Promise.all([
    startLogsPeer({ "/aws/eks/pay-1/cluster": [filter()], "/aws/eks/pay-2/cluster": [filter()], "/aws/lambda/other": [] }),
    startEventBridgePeer(healthyRules()),
    startCloudTrailPeer([
      { name: "org-trail", multiRegion: true, logging: true, eventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true }] },
    ]),
    startSsmPeer("eu-west-1"),
    startSlackPeer(),
    startSnsPeer(),
  ]);
  hub = await startSecurityHubPeer({ account: "111122223333", region: "eu-west-1" });
  ssm.put(PARAM, slack.webhookUrl);
});
afterAll(() => Promise.all([logs, events, trail, ssm, slack, sns, hub].map((p) => p.close())));

/** The built CLI, run without blocking this process (the peers answer from it). */
function doctor(args: string[], settingsFile = settings): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env.PATH,
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: "AKIDLOOPBACKTEST",
    AWS_SECRET_ACCESS_KEY: "loopback-secret",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: logs.url,
    AWS_ENDPOINT_URL_EVENTBRIDGE: events.url,
    AWS_ENDPOINT_URL_CLOUDTRAIL: trail.url,
    AWS_ENDPOINT_URL_SSM: ssm.url,
    AWS_ENDPOINT_URL_SNS: sns.url,
    AWS_ENDPOINT_URL_SECURITYHUB: hub.url,
  };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, "doctor", "--stage", "prod", "--settings", settingsFile, ...args], { cwd: REPO, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
const rowsOf = (stdout: string) =>
  (JSON.parse(stdout) as { checks: Array<{ check: string; target: string; result: string; detail: string }> }).checks;

describe("cni-auditor doctor", () => {
  it("a healthy stage: every check passes, one test alert reaches Slack and SNS, exit 0", async () => {
    const r = await doctor(["--topic-arn", TOPIC, "--json"]);
    expect(r.stderr.replace(/\(node:\d+\) Warning[\s\S]*?(\n\n|$)/g, "")).not.toMatch(/error/i);
    const rows = rowsOf(r.stdout);
    expect(rows.filter((x) => x.result !== "PASS").map((x) => `${x.check} ${x.target}: ${x.detail}`)).toEqual([]);
    expect(rows.filter((x) => x.check === "log subscription").map((x) => x.target)).toEqual([
      "/aws/eks/pay-1/cluster",
      "/aws/eks/pay-2/cluster",
    ]);
    expect(rows.filter((x) => x.check === "event rule")).toHaveLength(triggers.eventRules.length);
    expect(rows.map((x) => x.check)).toEqual(expect.arrayContaining(["cloudtrail", "secret", "test alert"]));
    expect(
      rows
        .filter((x) => x.check === "test alert")
        .map((x) => x.target)
        .sort(),
    ).toEqual(["slack", "sns"]);
    expect(r.code).toBe(0);
    expect(slack.messages()).toHaveLength(1);
    expect(slack.messages()[0]!.text).toContain("test alert");
    expect(sns.published.at(-1)?.topicArn).toBe(TOPIC);
    // The secret's value is never printed.
    expect(r.stdout).not.toContain(slack.secret);
    // Security Hub is off in these settings: no finding, no row.
    expect(hub.imports).toHaveLength(0);
  });

  it("Security Hub on: one test finding is imported and archived at once (PASS); a refused import is a FAIL, exit 1", async () => {
    const hubSettings = join(dir, "stages-hub.json");
    writeFileSync(hubSettings, JSON.stringify({ prod: { ...stages.prod, securityhubEnabled: true } }));
    const r = await doctor(["--topic-arn", TOPIC, "--json"], hubSettings);
    const row = rowsOf(r.stdout).find((x) => x.check === "test alert" && x.target === "securityhub");
    expect(row?.result).toBe("PASS");
    expect(r.code).toBe(0);
    const found = [...hub.findings.values()];
    expect(found).toHaveLength(1);
    expect(found[0]!.GeneratorId).toMatch(/doctor\/test-alert/);
    expect(found[0]!.RecordState).toBe("ARCHIVED");
    expect((found[0]!.Workflow as { Status: string }).Status).toBe("RESOLVED");
    // Imported active first, then archived: never left among the active findings.
    expect(hub.imports.map((batch) => batch.map((f) => f.RecordState ?? "ACTIVE"))).toEqual([["ACTIVE"], ["ARCHIVED"]]);

    hub.failImports = { code: "AccessDeniedException", count: 1 };
    const bad = await doctor(["--topic-arn", TOPIC, "--json"], hubSettings);
    const failed = rowsOf(bad.stdout).find((x) => x.target === "securityhub");
    expect(failed?.result).toBe("FAIL");
    expect(failed?.detail).toMatch(/^import: .*AccessDeniedException/);
    expect(bad.code).toBe(1);
  });

  it("a broken stage: each broken piece is one FAIL with what to do, exit 1; hostile names print inert", async () => {
    delete logs.groups["/aws/eks/pay-2/cluster"];
    logs.groups["/aws/eks/pay-3\u001b[31m/cluster"] = [];
    const [first, second] = [
      triggers.eventRules[0]!,
      triggers.eventRules.find((g) => g.state === "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")!,
    ];
    events.rules.find((x) => x.eventPattern === JSON.stringify(first.pattern))!.state = "DISABLED";
    events.rules.find((x) => x.eventPattern === JSON.stringify(second.pattern))!.state = "ENABLED";
    trail.trails[0]!.eventSelectors = [{ ReadWriteType: "WriteOnly", IncludeManagementEvents: true }];
    ssm.put("/other", "x");
    const broken: Record<string, StageSettings> = { prod: { ...stages.prod, secrets: { slack: "/cni-auditor/prod/missing" } } };
    writeFileSync(settings, JSON.stringify(broken));
    const r = await doctor(["--no-test-alert"]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain("\u001b");
    const failed = r.stdout.split("\n").filter((l) => l.startsWith("FAIL"));
    expect(failed.find((l) => l.includes("/aws/eks/pay-2/cluster"))).toMatch(/log group missing/);
    expect(failed.find((l) => l.includes("pay-3"))).toMatch(/no auditor filter/);
    expect(failed.find((l) => l.includes(first.name))).toMatch(/DISABLED/);
    expect(failed.find((l) => l.includes(second.name))).toMatch(/ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS/);
    expect(failed.find((l) => /^FAIL +cloudtrail /.test(l))).toMatch(/WriteOnly/);
    expect(failed.find((l) => l.includes("secret"))).toMatch(/ParameterNotFound/);
    expect(r.stdout).toMatch(/^PASS +log subscription +\/aws\/eks\/pay-1\/cluster/m);
    expect(r.stdout).toMatch(/\d+ passed, 6 failed, 1 skipped/);
  });
});
