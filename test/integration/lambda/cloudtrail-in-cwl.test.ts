// A trail that logs to CloudWatch Logs, with a subscription to the audit-logs function: its
// CloudTrail records arrive as log events of `<account>_CloudTrail_<region>` streams and run the
// CloudTrail rules there too.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createHandler } from "../../../functions/lambda/handler.ts";
import { runAuditLogs } from "../../../functions/lambda/runs.ts";
import type { Alert, K8sAuditRecord } from "../../../shared/types.ts";
import { subscriptionEvent } from "../../fixtures/lambda/events.ts";
import { clientsFor, lambdaContext, lambdaEnv, type World, useWorld } from "./harness.ts";

let world: World;
useWorld((w) => {
  world = w;
});

const denied = JSON.parse(readFileSync("test/fixtures/sources/eventbridge-ec2-unauthorized-createnetworkinterface.json", "utf8")).detail;

describe("audit-logs handler, CloudTrail in CloudWatch Logs", () => {
  for (const stream of ["111122223333_CloudTrail_us-west-2", "o-a1b2c3d4e5_111122223333_CloudTrail_us-west-2_2", "any-name-at-all"]) {
    it(`runs the CloudTrail rules on the records of stream ${stream}`, async () => {
      const table = await world.dynamo.createTable();
      const handler = createHandler("audit-logs", runAuditLogs, { env: lambdaEnv(world, table), clients: clientsFor(world) });
      const event = subscriptionEvent([denied as unknown as K8sAuditRecord], { stream });
      await handler(event, lambdaContext(`ct-${stream}`));
      const alerts = world.sns.published.map((p) => JSON.parse(p.message) as Alert);
      expect(alerts.some((a) => a.rule === "eni-unauthorized" && a.samples.some((s) => s.includes(denied.eventID)))).toBe(true);
      world.sns.published.length = 0;
    });
  }
});
