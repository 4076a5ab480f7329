// addon-version-changed with the fleet's IAM proof: replaying an UpdateAddon with a fleet
// snapshot (schema 2) says what the new version will fail on and raises the severity; without
// one it says the permissions were not checked. The built CLI, as a process.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serializeSnapshot } from "../../../shared/fleet/snapshot-io.ts";
import { cli, jsonLines } from "../../helpers/cli.ts";
import { seedFleet } from "../../fixtures/plan/seed-fleet.ts";

interface AlertLine {
  rule: string;
  severity: string;
  title: string;
  facts: Record<string, unknown>;
  knownIssues: string[];
  remediation: string;
}

let tmp: string;
let snapshot: string;
const event = (cluster: string, version: string): string => {
  const e = JSON.parse(readFileSync(new URL("../../fixtures/lambda/cloudtrail-eks-updateaddon.json", import.meta.url), "utf8"));
  e.detail.requestParameters = { name: cluster, addonName: "vpc-cni", addonVersion: version, resolveConflicts: "PRESERVE" };
  e.detail.eventID = `evt-${cluster}-${version}`;
  const file = join(tmp, `${cluster}-${version}.json`);
  writeFileSync(file, JSON.stringify(e));
  return file;
};
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "plan-event-"));
  snapshot = join(tmp, "fleet.json");
  writeFileSync(snapshot, serializeSnapshot(seedFleet()));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function replay(...args: string[]): AlertLine {
  const r = cli(["replay", "--json", ...args]);
  expect(r.code).toBe(0);
  const alerts = jsonLines<AlertLine>(r.stdout).filter((a) => a.rule === "addon-version-changed");
  expect(alerts).toHaveLength(1);
  return alerts[0]!;
}

describe("addon-version-changed reads the fleet snapshot's IAM simulation", () => {
  it("a known gap: the alert names the missing action and what breaks, critical, with the grant", () => {
    const a = replay("--snapshot", snapshot, event("v6-prod", "v1.22.0-eksbuild.1"));
    expect(a.severity).toBe("critical");
    expect(a.title).toBe(
      "vpc-cni updated to v1.22.0-eksbuild.1 — the CNI role lacks ec2:DescribeSubnets, ec2:UnassignIpv6Addresses, which v1.22.0-eksbuild.1 needs: IPv6 nodes will stay NotReady",
    );
    expect(a.facts).toMatchObject({
      permissionsChecked: true,
      permissionVerdict: "missing",
      missingActions: ["ec2:DescribeSubnets", "ec2:UnassignIpv6Addresses"],
      blockingActions: ["ec2:DescribeSubnets"],
      cniRoles: ["arn:aws:iam::111122223333:role/v6-prod-cni-ipv6"],
      permissionsCheckedAt: "2026-12-04T06:00:00.000Z",
    });
    expect(a.knownIssues).toContain("vpc-cni-v1.22-describe-subnets-blocking");
    expect(a.remediation).toContain("**Permissions:** the CNI role lacks `ec2:DescribeSubnets`, `ec2:UnassignIpv6Addresses`, which `v1.22.0-eksbuild.1` needs: IPv6 nodes will stay NotReady");
    expect(a.remediation).toContain(`aws iam put-role-policy --role-name v6-prod-cni-ipv6 --policy-name vpc-cni-missing-actions`);
    expect(a.remediation).toMatch(/not evaluate resource control policies \(RCPs\) or session policies/);
  });

  it("a role that allows everything the version needs: said so, severity not raised by permissions", () => {
    const a = replay("--snapshot", snapshot, event("cn-custom", "v1.20.4-eksbuild.1"));
    expect(a.facts).toMatchObject({ permissionsChecked: true, permissionVerdict: "ok" });
    expect(a.severity).not.toBe("critical");
    expect(a.remediation).toContain("allows every EC2 action `v1.20.4-eksbuild.1` needs");
  });

  it("without a snapshot (or a cluster it does not hold): the permissions were not checked", () => {
    for (const a of [replay(event("v6-prod", "v1.22.0-eksbuild.1")), replay("--snapshot", snapshot, event("elsewhere", "v1.22.0-eksbuild.1"))]) {
      expect(a.facts.permissionsChecked).toBe(false);
      expect(a.facts.missingActions).toBeUndefined();
      expect(a.remediation).toContain("**Permissions:** not checked: no fleet snapshot with an IAM simulation of this cluster's CNI role");
    }
  });
});
