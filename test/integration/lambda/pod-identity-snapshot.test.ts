// The fleet report's snapshot reaches the CloudTrail function: the clusters where it shows
// aws-node with a Pod Identity association ride in the dedup table's fleet item, and a failed
// AssumeRoleForPodIdentity there is then high, dated by the snapshot (dynalite + SNS peer).
import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { createHandler } from "../../../functions/lambda/handler.ts";
import { runCloudTrail } from "../../../functions/lambda/runs.ts";
import { silentLog } from "../../../shared/delivery/clock.ts";
import { runScheduledFleetReport } from "../../../shared/fleet/scheduled/run.ts";
import { readFleetReportSettings } from "../../../shared/fleet/scheduled/settings.ts";
import { fleetKnowledgePublisher } from "../../../shared/store/fleet-roles-write.ts";
import type { Alert } from "../../../shared/types.ts";
import { PI_ASSOCIATION, makeCluster, makeSnapshot } from "../../unit/fleet/cluster-fixture.ts";
import { clientsFor, lambdaContext, lambdaEnv, useWorld, type CapturedOutput, type World } from "./harness.ts";

let world: World;
let output: CapturedOutput;
let table: string;
useWorld((w, o) => {
  world = w;
  output = o;
});
beforeEach(async () => {
  table = await world.dynamo.createTable("podid");
  world.sns.published.length = 0;
});

const TAKEN_AT = "2026-12-04T06:00:00.000Z";

/** The rule fixture's failure in demo-cluster (no pod named), `hoursLater` on. */
function failure(id: string, hoursLater = 0) {
  const c = JSON.parse(readFileSync("test/fixtures/rules/credentials-denied.json", "utf8")).cases.find((x: { name: string }) =>
    x.name.startsWith("Pod Identity failure; nothing"),
  );
  const e = c.record;
  e.id = `eb-pi-${id}`;
  e.detail.eventTime = new Date(Date.parse(e.detail.eventTime) + hoursLater * 3_600_000).toISOString().replace(/\.\d+Z$/, "Z");
  e.detail.eventID = `a1a1a1a1-0000-4000-8000-${id.padStart(12, "0")}`;
  return e;
}

/** The scheduled fleet report over a snapshot of demo-cluster with aws-node's association, publishing as the fleet Lambda does (fleetKnowledgePublisher). */
async function fleetReport(): Promise<void> {
  const snapshot = makeSnapshot([{ ...makeCluster(), podIdentityAssociations: [PI_ASSOCIATION] }], { takenAt: TAKEN_AT });
  const dynamo = clientsFor(world).dynamo;
  const objects = new Map<string, string>();
  await runScheduledFleetReport({
    settings: readFleetReportSettings({ REPORT_BUCKET: "reports", AWS_REGION: "us-west-2" }),
    store: { put: async (k, body) => void objects.set(k, body), get: async (k) => objects.get(k) ?? null },
    sinks: [],
    clock: { now: () => Date.parse(TAKEN_AT), sleep: async () => undefined },
    deadlineMs: Date.parse(TAKEN_AT) + 60_000,
    log: silentLog,
    takeSnapshot: async () => snapshot,
    publishCniRoles: fleetKnowledgePublisher(dynamo, table),
  });
}

describe("credentials-denied in the CloudTrail function, with the fleet's Pod Identity clusters", () => {
  it("info before the fleet report; high after it, saying the fleet snapshot showed the association", async () => {
    const handler = () => createHandler("cloudtrail", runCloudTrail, { env: lambdaEnv(world, table), clients: clientsFor(world) });
    await handler()(failure("1"), lambdaContext("pi-1"));
    await fleetReport();
    // Two hours on (a new window), in a new container, which reads the fleet item.
    await handler()(failure("2", 2), lambdaContext("pi-2"));

    const alerts = world.sns.published.map((p) => JSON.parse(p.message) as Alert).filter((a) => a.rule === "credentials-denied");
    expect(alerts.map((a) => [a.severity, a.facts.podIdentityKnownFrom ?? null])).toEqual([
      ["info", null],
      ["high", "fleet-snapshot"],
    ]);
    expect(alerts[1]?.facts.podIdentityKnownAt).toBe(TAKEN_AT);
    expect(alerts[1]?.remediation).toContain(`the fleet snapshot of ${TAKEN_AT} lists it`);
    expect(output.text()).not.toContain("invocation failed");
  });
});
