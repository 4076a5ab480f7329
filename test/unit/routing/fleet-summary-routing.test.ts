// The scheduled fleet summary is routed like any alert (rule fleet/summary), to named sinks.
import { describe, expect, it } from "vitest";
import { silentLog } from "../../../shared/delivery/clock.ts";
import { runScheduledFleetReport } from "../../../shared/fleet/scheduled/run.ts";
import { readFleetReportSettings } from "../../../shared/fleet/scheduled/settings.ts";
import type { AlertSink, Delivery } from "../../../shared/sinks/sink.ts";
import { makeCluster, makeSnapshot, vpcCni, withAddon } from "../fleet/cluster-fixture.ts";

const NOW = Date.parse("2026-08-30T06:00:07.123Z");
const sink = (name: string): AlertSink & { got: Delivery[] } => {
  const got: Delivery[] = [];
  return { name, minSeverity: "info", got, send: async (d) => void got.push(d) };
};
const fleet = makeSnapshot([withAddon(makeCluster({ kubernetesVersion: "1.32" }), vpcCni({ version: "v1.15.5-eksbuild.1" }))]);
const objects = new Map<string, string>();
const store = { put: async (k: string, b: string) => void objects.set(k, b), get: async (k: string) => objects.get(k) ?? null };

describe("fleet summary routing", () => {
  it("reaches only the sinks its route names; the settings' named sinks and routes come from AUDITOR_CONFIG", async () => {
    const config = {
      sinks: { "slack:platform": { SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T/B/x" }, "sns:pager": { ALERT_TOPIC_ARN: "arn:aws:sns:eu-central-1:111122223333:pager" } },
      routes: [{ match: { rules: ["fleet/summary"] }, to: ["slack:platform"] }],
    };
    const settings = readFleetReportSettings({ REPORT_BUCKET: "reports-bucket", AWS_REGION: "eu-central-1", AUDITOR_CONFIG: JSON.stringify(config) });
    expect(Object.keys(settings.namedSinks)).toEqual(["slack:platform", "sns:pager"]);
    const platform = sink("slack:platform");
    const pager = sink("sns:pager");
    const result = await runScheduledFleetReport({
      settings, store, sinks: [platform, pager], clock: { now: () => NOW, sleep: async () => undefined }, deadlineMs: NOW + 60_000, log: silentLog,
      takeSnapshot: async (takenAt: string) => ({ ...fleet, takenAt }),
    });
    expect(result.sentTo).toEqual(["slack:platform"]);
    expect(platform.got[0]!.alert.rule).toBe("fleet/summary");
    expect(pager.got).toEqual([]);
  });
});
