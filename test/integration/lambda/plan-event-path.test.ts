// The fleet report's IAM proof reaches the CloudTrail function: the permissions it leaves in the
// dedup table make an UpdateAddon alert say what the new version will fail on (dynalite + SNS peer).
import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { createHandler } from "../../../functions/lambda/handler.ts";
import { runCloudTrail } from "../../../functions/lambda/runs.ts";
import type { KnownClusterPermissions } from "../../../shared/fleet/permissions/known.ts";
import { writeFleetCniRoles } from "../../../shared/store/fleet-roles-write.ts";
import { parseFleetRoles, fleetRolesItem } from "../../../shared/store/fleet-roles.ts";
import type { Alert } from "../../../shared/types.ts";
import { clientsFor, lambdaContext, lambdaEnv, useWorld, type World } from "./harness.ts";

let world: World;
let table: string;
useWorld((w) => {
  world = w;
});
beforeEach(async () => {
  table = await world.dynamo.createTable("perms");
  world.sns.published.length = 0;
});

const ROLE = "arn:aws:iam::111122223333:role/AmazonEKSVPCCNIRole";
const KNOWN: KnownClusterPermissions[] = [
  {
    account: "111122223333",
    region: "us-west-2",
    cluster: "demo-cluster",
    ipFamilies: ["ipv6"],
    takenAt: "2026-12-04T06:00:00.000Z",
    roles: [{ arn: ROLE, via: "addon-service-account", status: "checked", denied: [{ action: "ec2:DescribeSubnets", deniedBy: "identity" }] }],
  },
];

function updateTo(version: string, id: string) {
  const e = JSON.parse(readFileSync("test/fixtures/lambda/cloudtrail-eks-updateaddon.json", "utf8"));
  e.id = `eb-perm-${id}`;
  e.detail.eventID = `f1f1f1f1-0000-4000-8000-${id.padStart(12, "0")}`;
  e.detail.requestParameters = { name: "demo-cluster", addonName: "vpc-cni", addonVersion: version, resolveConflicts: "PRESERVE" };
  return e;
}

describe("addon-version-changed in the CloudTrail function, with the fleet's permissions", () => {
  it("the item keeps the compact permissions and drops malformed ones", () => {
    expect(parseFleetRoles(fleetRolesItem({ roles: [ROLE], takenAtMs: 1, permissions: KNOWN }))?.permissions).toEqual(KNOWN);
    const item = fleetRolesItem({ roles: [ROLE], takenAtMs: 1 });
    expect(parseFleetRoles({ ...item, permissions: { S: '[{"cluster":1}]' } })?.permissions).toEqual([]);
    expect(parseFleetRoles({ ...item, permissions: { S: "not json" } })?.permissions).toEqual([]);
  });

  it("without the fleet's permissions: not checked; with them: the gap, critical", async () => {
    const handler = () => createHandler("cloudtrail", runCloudTrail, { env: lambdaEnv(world, table), clients: clientsFor(world) });
    await handler()(updateTo("v1.22.0-eksbuild.1", "1"), lambdaContext("perm-1"));
    await writeFleetCniRoles(clientsFor(world).dynamo, table, { roles: [ROLE], takenAtMs: Date.now(), permissions: KNOWN });
    // A new container reads the fleet item.
    await handler()(updateTo("v1.22.4-eksbuild.1", "2"), lambdaContext("perm-2"));

    const alerts = world.sns.published.map((p) => JSON.parse(p.message) as Alert);
    expect(alerts.map((a) => [a.facts.toVersion, a.facts.permissionsChecked])).toEqual([
      ["v1.22.0-eksbuild.1", false],
      ["v1.22.4-eksbuild.1", true],
    ]);
    expect(alerts[0]?.remediation).toContain("not checked: no fleet snapshot with an IAM simulation");
    const [, gap] = alerts;
    expect(gap?.severity).toBe("critical");
    expect(gap?.title).toContain("the CNI role lacks ec2:DescribeSubnets, which v1.22.4-eksbuild.1 needs: IPv6 nodes will stay NotReady");
    expect(gap?.facts.blockingActions).toEqual(["ec2:DescribeSubnets"]);
  });
});
