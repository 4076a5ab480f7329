// fleet/cninodes-rbac-gap from a scheduled fleet run: the denials come from a cninodes-forbidden
// window the real store wrote in dynalite, read by the same function the fleet Lambdas use.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLog, type Clock, type DeliveryLog } from "../../../shared/delivery/clock.ts";
import type { ReportStore } from "../../../shared/fleet/scheduled/report-store.ts";
import { runScheduledFleetReport, type ScheduledFleetDeps } from "../../../shared/fleet/scheduled/run.ts";
import { readFleetReportSettings } from "../../../shared/fleet/scheduled/settings.ts";
import type { FleetSnapshot } from "../../../shared/fleet/snapshot.ts";
import { cninodesDenialsReader } from "../../../shared/store/cninodes-denials.ts";
import type { Alert } from "../../../shared/types.ts";
import { startDynamoPeer, type DynamoPeer } from "../../helpers/peers/index.ts";
import { HOUR, recordDenials } from "../../helpers/cninodes-windows.ts";
import { makeCluster, makeSnapshot } from "./cluster-fixture.ts";

const T0 = Date.parse("2026-12-01T10:00:00Z");
const NOW = T0 + 2 * HOUR;
const clock: Clock = { now: () => NOW, sleep: async () => undefined };
const fleet = makeSnapshot([makeCluster({ kubernetesVersion: "1.34" }), makeCluster({ name: "quiet", kubernetesVersion: "1.34" })]);

let peer: DynamoPeer;
beforeAll(async () => {
  peer = await startDynamoPeer();
});
afterAll(async () => {
  await peer.close();
});

function memoryStore(): ReportStore & { objects: Map<string, string> } {
  const objects = new Map<string, string>();
  return {
    objects,
    async put(key, body) {
      objects.set(key, body);
    },
    async get(key) {
      return objects.get(key) ?? null;
    },
  };
}

async function run(table: string, log: DeliveryLog = silentLog) {
  const store = memoryStore();
  const deps: ScheduledFleetDeps = {
    settings: readFleetReportSettings({ REPORT_BUCKET: "reports-bucket", AWS_REGION: "eu-west-1" }),
    store,
    sinks: [],
    clock,
    deadlineMs: NOW + 60_000,
    log,
    takeSnapshot: async (takenAt) => ({ ...fleet, takenAt }),
    addCninodesDenials: cninodesDenialsReader(peer.client, table),
  };
  await runScheduledFleetReport(deps);
  const findings = (JSON.parse(store.objects.get("latest/report.json")!) as { findings: Alert[] }).findings;
  const snapshot = JSON.parse(store.objects.get("latest/snapshot.json")!) as FleetSnapshot;
  return { gap: findings.filter((f) => f.rule === "fleet/cninodes-rbac-gap"), snapshot };
}

describe("fleet/cninodes-rbac-gap from the auditor's own windows", () => {
  it("fires on the cluster whose window holds denials, with their count, and not on the quiet one", async () => {
    const table = await peer.createTable();
    await recordDenials(peer.client, table, [[T0, T0 + 1000, T0 + 2000, T0 + 3000]]);
    const { gap, snapshot } = await run(table);
    expect(gap.map((f) => [f.cluster, f.facts.denials])).toEqual([["demo-cluster", 4]]);
    expect(gap[0]!.title).toContain("was refused 4 CNINode updates");
    expect(snapshot.clusters.map((c) => [c.name, c.cninodesForbiddenDenials])).toEqual([["demo-cluster", 4], ["quiet", 0]]);
  });

  it("no window: no finding, the count is a known 0", async () => {
    const { gap, snapshot } = await run(await peer.createTable());
    expect(gap).toEqual([]);
    expect(snapshot.clusters.map((c) => c.cninodesForbiddenDenials)).toEqual([0, 0]);
    expect(snapshot.clusters.flatMap((c) => c.partialErrors)).toEqual([]);
  });

  it("an unreadable table: the report is still stored, the counts are null (not known), a warning says why", async () => {
    const warnings: string[] = [];
    const log: DeliveryLog = { ...silentLog, warn: (m) => warnings.push(m) };
    const { gap, snapshot } = await run("no-such-table", log);
    expect(gap).toEqual([]);
    expect(snapshot.clusters.map((c) => c.cninodesForbiddenDenials)).toEqual([null, null]);
    expect(warnings).toEqual(["cninodes-forbidden windows not readable; fleet/cninodes-rbac-gap does not know"]);
    expect(snapshot.clusters[0]!.partialErrors).toEqual([
      { operation: "BatchGetItem", error: expect.stringMatching(/^cninodes-forbidden windows not readable: DynamoDB BatchGetItem on no-such-table failed: ResourceNotFoundException/) },
    ]);
  });
});
