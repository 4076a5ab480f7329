// The scheduled run's logic with an in-memory bucket, fake sinks and a fixed clock; the
// wire-level test of the built Lambda is in test/integration/fleet.
import { describe, expect, it } from "vitest";
import { SinkDeliveryError } from "../../../shared/errors.ts";
import { silentLog, type Clock } from "../../../shared/delivery/clock.ts";
import { datedPrefix, reportUrl } from "../../../shared/fleet/scheduled/locations.ts";
import type { ReportStore } from "../../../shared/fleet/scheduled/report-store.ts";
import { runScheduledFleetReport } from "../../../shared/fleet/scheduled/run.ts";
import { readFleetReportSettings, type FleetReportSettings } from "../../../shared/fleet/scheduled/settings.ts";
import type { AlertSink, Delivery } from "../../../shared/sinks/sink.ts";
import type { Severity } from "../../../shared/types.ts";
import { makeCluster, makeSnapshot, vpcCni, withAddon } from "./cluster-fixture.ts";
import { cniRoleArnsFromSnapshot } from "../../../shared/fleet/cni-roles.ts";

const NOW = Date.parse("2026-08-30T06:00:07.123Z");
const clock: Clock = { now: () => NOW, sleep: async () => undefined };

function memoryStore(seed: Record<string, string> = {}): ReportStore & { objects: Map<string, { body: string; type: string }> } {
  const objects = new Map(Object.entries(seed).map(([k, body]) => [k, { body, type: "application/json" }]));
  return {
    objects,
    async put(key, body, type) {
      objects.set(key, { body, type });
    },
    async get(key) {
      return objects.get(key)?.body ?? null;
    },
  };
}

function sink(name: string, minSeverity: Severity, fail?: SinkDeliveryError): AlertSink & { got: Delivery[] } {
  const got: Delivery[] = [];
  return {
    name,
    minSeverity,
    got,
    async send(d) {
      if (fail) throw fail;
      got.push(d);
    },
  };
}

const settings: FleetReportSettings = readFleetReportSettings({ REPORT_BUCKET: "reports-bucket", AWS_REGION: "eu-central-1" });
// A fleet whose worst finding is high (vpc-cni below the recommended floor, and no known issue:
// v1.15.1 now has one, the CNINode watch noise that lasts until v1.15.5).
const fleet = makeSnapshot([withAddon(makeCluster({ kubernetesVersion: "1.32" }), vpcCni({ version: "v1.15.5-eksbuild.1" }))]);

function deps(store: ReportStore, sinks: AlertSink[]) {
  return { settings, store, sinks, clock, deadlineMs: NOW + 60_000, log: silentLog, takeSnapshot: async (takenAt: string) => ({ ...fleet, takenAt }) };
}

describe("scheduled fleet report", () => {
  it("stores four files twice, links the dated HTML, and sends to the sinks whose minimum it meets", async () => {
    const store = memoryStore();
    const sns = sink("sns", "info");
    const slack = sink("slack", "critical");
    const result = await runScheduledFleetReport(deps(store, [sns, slack]));
    expect(result.prefix).toBe("reports/2026/08/30/060007Z/");
    expect([...store.objects.keys()].sort()).toEqual([
      "latest/announced-report.json", "latest/report.html", "latest/report.json", "latest/report.md", "latest/snapshot.json",
      "reports/2026/08/30/060007Z/report.html", "reports/2026/08/30/060007Z/report.json", "reports/2026/08/30/060007Z/report.md", "reports/2026/08/30/060007Z/snapshot.json",
    ]);
    expect(store.objects.get("latest/report.html")?.type).toBe("text/html; charset=utf-8");
    expect(result.reportUrl).toBe("https://console.aws.amazon.com/s3/object/reports-bucket?region=eu-central-1&prefix=reports%2F2026%2F08%2F30%2F060007Z%2Freport.html");
    expect(sns.got.map((d) => [d.kind, d.alert.rule, d.alert.severity])).toEqual([["open", "fleet/summary", "high"]]);
    expect(slack.got).toEqual([]);
    expect(result).toMatchObject({ sentTo: ["sns"], belowThreshold: ["slack"], takenAt: "2026-08-30T06:00:07.123Z" });
  });

  it("diffs against latest/report.json and ignores an unreadable one", async () => {
    const first = memoryStore();
    await runScheduledFleetReport(deps(first, []));
    const again = memoryStore({ "latest/report.json": first.objects.get("latest/report.json")!.body });
    await runScheduledFleetReport(deps(again, []));
    expect(JSON.parse(again.objects.get("latest/report.json")!.body).changes).toMatchObject({ new: [], resolved: [] });
    const broken = memoryStore({ "latest/report.json": "{not json" });
    await runScheduledFleetReport(deps(broken, []));
    expect(JSON.parse(broken.objects.get("latest/report.json")!.body).changes).toBeNull();
  });

  it("fails after storing the reports when a sink refuses, so the scheduler retries", async () => {
    const store = memoryStore();
    const ok = sink("sns", "info");
    const down = sink("slack", "info", new SinkDeliveryError("slack", "HTTP 500", { retryable: true }));
    await expect(runScheduledFleetReport(deps(store, [down, ok]))).rejects.toThrow(/fleet summary not delivered: slack: HTTP 500/);
    expect(store.objects.size).toBe(8);
    expect(store.objects.has("latest/announced-report.json")).toBe(false);
    expect(ok.got.length).toBe(1);
  });

  it("measures changes from the last announced report, so a retry after a failed send still shows them", async () => {
    const store = memoryStore();
    await runScheduledFleetReport(deps(store, [])); // announced: the healthy-ish first fleet
    const worse = makeSnapshot([withAddon(makeCluster({ kubernetesVersion: "1.33" }), vpcCni({ version: "v1.19.4-eksbuild.1" }))]);
    const down = sink("slack", "info", new SinkDeliveryError("slack", "HTTP 500", { retryable: true }));
    const worseDeps = (sinks: AlertSink[]) => ({ ...deps(store, sinks), takeSnapshot: async (takenAt: string) => ({ ...worse, takenAt }) });
    await expect(runScheduledFleetReport(worseDeps([down]))).rejects.toThrow(/not delivered/);
    const up = sink("slack", "info");
    await runScheduledFleetReport(worseDeps([up]));
    const changes = JSON.parse(store.objects.get("latest/report.json")!.body).changes;
    expect(changes.new.length).toBeGreaterThan(0);
    expect(JSON.parse(store.objects.get("latest/announced-report.json")!.body).changes.new).toEqual(changes.new);
  });
});

describe("the fleet's CNI roles for the event functions", () => {
  it("hands over the roles the snapshot shows the CNI using, with the snapshot's time", async () => {
    const got: Array<[string[], number]> = [];
    await runScheduledFleetReport({ ...deps(memoryStore(), []), publishCniRoles: async (roles, at) => void got.push([roles, at]) });
    expect(got).toHaveLength(1);
    expect(got[0]![0]).toEqual(cniRoleArnsFromSnapshot(fleet));
    expect(got[0]![0].length).toBeGreaterThan(0);
    expect(got[0]![1]).toBe(NOW);
  });

  it("still stores the reports when the roles cannot be handed over", async () => {
    const store = memoryStore();
    await runScheduledFleetReport({ ...deps(store, []), publishCniRoles: async () => Promise.reject(new Error("DynamoDB down")) });
    expect(store.objects.has("latest/report.json")).toBe(true);
  });
});

describe("settings and links", () => {
  it("defaults the fleet to the function's region and ignores the role without accounts", () => {
    expect(readFleetReportSettings({ REPORT_BUCKET: "b-1", AWS_REGION: "eu-west-1", FLEET_ROLE_NAME: "r" })).toMatchObject({
      regions: ["eu-west-1"], accounts: [], roleName: null, homeRegion: "eu-west-1", urlBase: null,
    });
    expect(
      readFleetReportSettings({ REPORT_BUCKET: "b-1", AWS_REGION: "eu-west-1", FLEET_REGIONS: "us-east-1, eu-west-1", FLEET_ACCOUNTS: "444455556666", FLEET_ROLE_NAME: "r", REPORT_URL_BASE: "https://r.example.com/x/" }),
    ).toMatchObject({ regions: ["us-east-1", "eu-west-1"], accounts: ["444455556666"], roleName: "r", urlBase: "https://r.example.com/x" });
  });

  it.each([
    [{}, /REPORT_BUCKET is required/],
    [{ REPORT_BUCKET: "Bad_Bucket", AWS_REGION: "eu-west-1" }, /not an S3 bucket name/],
    [{ REPORT_BUCKET: "b-1", AWS_REGION: "eu-west-1", FLEET_ACCOUNTS: "1234" }, /not a 12-digit account id/],
    [{ REPORT_BUCKET: "b-1", AWS_REGION: "eu-west-1", FLEET_ACCOUNTS: "444455556666" }, /FLEET_ACCOUNTS needs FLEET_ROLE_NAME/],
    [{ REPORT_BUCKET: "b-1", FLEET_REGIONS: "narnia" }, /"narnia" is not a region/],
    [{ REPORT_BUCKET: "b-1", AWS_REGION: "eu-west-1", REPORT_URL_BASE: "s3://b-1" }, /REPORT_URL_BASE/],
  ])("rejects bad settings %#", (env, message) => {
    expect(() => readFleetReportSettings(env)).toThrow(message);
  });

  it("builds stable links: configured base or the partition's S3 console", () => {
    expect(datedPrefix("2026-01-02T03:04:05.678Z")).toBe("reports/2026/01/02/030405Z/");
    expect(reportUrl({ urlBase: "https://r.example.com", bucket: "b", region: "eu-west-1" }, "reports/a b/report.html")).toBe("https://r.example.com/reports/a%20b/report.html");
    expect(reportUrl({ urlBase: null, bucket: "b", region: "cn-north-1" }, "k")).toBe("https://console.amazonaws.cn/s3/object/b?region=cn-north-1&prefix=k");
  });
});
