// The same hostile text through the real handlers on the wire: what the Slack webhook and SNS
// receive is exactly what the payload builders make of the alert (which injection.test.ts
// checks field by field), Slack's copy is inert, and SNS's Message parses back to the alert.
import { describe, expect, it } from "vitest";
import { createHandler } from "../../functions/lambda/handler.ts";
import { runAuditLogs, runCloudTrail } from "../../functions/lambda/runs.ts";
import { buildSlackPayload, type SlackPayload } from "../../shared/sinks/slack.ts";
import type { Alert } from "../../shared/types.ts";
import { clientsFor, lambdaContext, lambdaEnv, type World, useWorld } from "../integration/lambda/harness.ts";
import { awslogs, cwlPayload, seeds } from "./harness.ts";
import { HOSTILE, expectInertSlack } from "./hostile-text.ts";

let world: World;
useWorld((w) => {
  world = w;
});

describe("hostile event text through the handlers, as Slack and SNS receive it", () => {
  it("audit-logs and cloudtrail: Slack bodies equal the builder's, are inert; SNS messages are the alerts", async () => {
    const table = await world.dynamo.createTable("inject");
    const env = lambdaEnv(world, table);
    const s = seeds();
    const records = [
      { ...s["aws-node-modified"].record, auditID: "w1", user: { username: `mallory ${HOSTILE}` }, userAgent: HOSTILE },
      { ...s["system-forbidden"].record, auditID: "w2", objectRef: { resource: "pods", name: HOSTILE }, responseStatus: { code: 403, message: HOSTILE } },
      { ...s["cninodes-forbidden"].record, auditID: "w3", objectRef: { ...s["cninodes-forbidden"].record.objectRef, name: HOSTILE } },
    ];
    await createHandler("audit-logs", runAuditLogs, { env, clients: clientsFor(world) })(awslogs(cwlPayload(records)), lambdaContext("inject-1"));
    const ct = s["addon-version-changed"].record;
    ct.detail.requestParameters.configurationValues = JSON.stringify({ env: { ENABLE_POD_ENI: "true", X: HOSTILE } }) + HOSTILE;
    ct.detail.userIdentity.arn = `arn:aws:sts::111122223333:assumed-role/${HOSTILE}/x`;
    await createHandler("cloudtrail", runCloudTrail, { env, clients: clientsFor(world) })(ct, lambdaContext("inject-2"));

    const alerts = world.sns.published.map((p) => JSON.parse(p.message) as Alert);
    const slack = world.slack.requests.filter((r) => r.status === 200).map((r) => JSON.parse(r.body) as SlackPayload);
    expect(alerts.map((a) => a.rule).sort()).toEqual(["addon-version-changed", "aws-node-modified", "cninodes-forbidden", "system-forbidden"]);
    expect(slack).toHaveLength(alerts.length);
    for (const alert of alerts) {
      const body = slack.find((p) => p.blocks.some((b) => JSON.stringify(b).includes(`key: ${alert.dedupKey.slice(0, 60)}`)));
      expect(body, alert.rule).toBeDefined();
      const built = buildSlackPayload({ alert, kind: "open", previouslyReported: 0 });
      expect(body).toEqual(built);
      // Absolute checks here (structure against a harmless baseline: injection.test.ts).
      expectInertSlack(body!, alert, body!);
      expect(JSON.stringify(alert)).toContain("PWNED");
    }
  });
});
