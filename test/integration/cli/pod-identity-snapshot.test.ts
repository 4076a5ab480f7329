// replay --snapshot and credentials-denied: a failed AssumeRoleForPodIdentity in a cluster whose
// aws-node the fleet snapshot shows with a Pod Identity association is high and says the
// snapshot (its date) is why; in a cluster the snapshot shows without one, or with no
// snapshot, info. The built CLI, as a process.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serializeSnapshot } from "../../../shared/fleet/snapshot-io.ts";
import { cli, jsonLines } from "../../helpers/cli.ts";
import { loadRuleFixtures } from "../../helpers/events.ts";
import { seedFleet } from "../../fixtures/plan/seed-fleet.ts";

interface AlertLine {
  rule: string;
  severity: string;
  facts: Record<string, unknown>;
  remediation: string;
}

const TAKEN_AT = "2026-12-04T06:00:00.000Z";
let tmp: string;
let snapshot: string;

/** The rule fixture's failure (no pod named), moved into `cluster` of the seed fleet. */
function failureIn(cluster: string): string {
  const c = loadRuleFixtures("credentials-denied").cases.find((x) => x.name.startsWith("Pod Identity failure; nothing"))!;
  const e = structuredClone(c.record) as { detail: { requestParameters: Record<string, unknown>; eventID: string } };
  e.detail.requestParameters.clusterName = cluster;
  e.detail.eventID = `pi-${cluster}`;
  const file = join(tmp, `${cluster}.json`);
  writeFileSync(file, JSON.stringify(e));
  return file;
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "pi-snapshot-"));
  snapshot = join(tmp, "fleet.json");
  writeFileSync(snapshot, serializeSnapshot(seedFleet()));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function replay(...args: string[]): AlertLine {
  const r = cli(["replay", "--json", "--min-severity", "info", ...args]);
  expect(r.code, r.stderr).toBe(0);
  const alerts = jsonLines<AlertLine>(r.stdout).filter((a) => a.rule === "credentials-denied");
  expect(alerts).toHaveLength(1);
  return alerts[0]!;
}

describe("replay --snapshot: aws-node's Pod Identity association rates credentials-denied", () => {
  it("a cluster the snapshot shows with the association: high, dated by the snapshot", () => {
    const a = replay("--snapshot", snapshot, failureIn("pi-old-agent"));
    expect(a.severity).toBe("high");
    expect(a.facts).toMatchObject({ cniUsesPodIdentity: true, podIdentityKnownFrom: "fleet-snapshot", podIdentityKnownAt: TAKEN_AT });
    expect(a.remediation).toContain(`aws-node has a Pod Identity association in this cluster (the fleet snapshot of ${TAKEN_AT} lists it)`);
  });

  it("without the snapshot, or in a cluster it shows without one: info", () => {
    for (const a of [replay(failureIn("pi-old-agent")), replay("--snapshot", snapshot, failureIn("cn-custom"))]) {
      expect(a.severity).toBe("info");
      expect(a.facts.cniUsesPodIdentity).toBe(false);
      expect(a.facts.podIdentityKnownFrom).toBeUndefined();
    }
  });
});
