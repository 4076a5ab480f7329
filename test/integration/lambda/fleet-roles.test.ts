// The fleet report leaves the CNI's roles in the dedup table; the CloudTrail function reads
// them and attributes denied calls by those roles to the CNI, whatever their user agent says.
import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { writeFleetCniRoles } from "../../../shared/store/fleet-roles-write.ts";
import { readFleetCniRoles } from "../../../shared/store/fleet-roles.ts";
import { DynamoIo } from "../../../shared/store/dynamo-io.ts";
import { createHandler } from "../../../functions/lambda/handler.ts";
import { runCloudTrail } from "../../../functions/lambda/runs.ts";
import type { Alert } from "../../../shared/types.ts";
import { clientsFor, lambdaContext, lambdaEnv, useWorld, type CapturedOutput, type World } from "./harness.ts";

let world: World;
let output: CapturedOutput;
let table: string;
useWorld((w, o) => {
  world = w;
  output = o;
});
beforeEach(async () => {
  table = await world.dynamo.createTable("roles");
  world.sns.published.length = 0;
});

/** A denied CreateNetworkInterface with nothing of the CNI about it (v1.19.4–v1.21.1 send no marker). */
function anonymousDenial(id: string, hoursLater = 0) {
  const e = JSON.parse(readFileSync("test/fixtures/sources/eventbridge-ec2-unauthorized-createnetworkinterface.json", "utf8"));
  e.id = `eb-${id}`;
  e.detail.eventTime = new Date(Date.parse(e.detail.eventTime) + hoursLater * 3_600_000).toISOString().replace(/\.\d+Z$/, "Z");
  e.detail.eventID = `e1e1e1e1-0000-4000-8000-${id.padStart(12, "0")}`;
  e.detail.userAgent = "aws-sdk-go-v2/1.39.2 ua/2.1 os/linux lang/go#1.25.5 api/ec2#1.254.1";
  e.detail.requestParameters = { subnetId: "subnet-0a1b2c3d4e5f60718" };
  return e as { detail: { userIdentity: { sessionContext: { sessionIssuer: { arn: string } } } } };
}

describe("the fleet's CNI roles in the dedup table", () => {
  it("round-trip, and an older report never replaces a newer one", async () => {
    const client = clientsFor(world).dynamo;
    const io = new DynamoIo(client, table);
    expect(await readFleetCniRoles(io)).toEqual([]);
    await writeFleetCniRoles(client, table, { roles: ["arn:aws:iam::1:role/new"], takenAtMs: 2000 });
    await writeFleetCniRoles(client, table, { roles: ["arn:aws:iam::1:role/old"], takenAtMs: 1000 });
    expect(await readFleetCniRoles(io)).toEqual(["arn:aws:iam::1:role/new"]);
  });

  it("make the CloudTrail function attribute an anonymous denial by such a role to the CNI", async () => {
    const before = anonymousDenial("1");
    const role = before.detail.userIdentity.sessionContext.sessionIssuer.arn;
    const handler = () => createHandler("cloudtrail", runCloudTrail, { env: lambdaEnv(world, table), clients: clientsFor(world) });
    await handler()(before, lambdaContext("roles-1"));
    await writeFleetCniRoles(clientsFor(world).dynamo, table, { roles: [role], takenAtMs: Date.now() });
    // Two hours on (a new window), in a new container, which reads them.
    await handler()(anonymousDenial("2", 2), lambdaContext("roles-2"));

    const alerts = world.sns.published.map((p) => JSON.parse(p.message) as Alert);
    expect(alerts.map((a) => a.facts.attribution)).toEqual(["unknown", "vpc-cni"]);
    expect(output.text()).not.toContain("invocation failed");
  });
});
