// The audit-logs function on real peers (dynalite, SNS): a CloudTrail record inside an API
// server audit stream goes through the Lambda's fast path (the payload scan) and still runs the
// CloudTrail rules, as a replay of the same payload does; and an audit record dated far in the
// future is taken as received now, so it cannot hold its key silent until then.
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
/** A human's patch of the aws-node DaemonSet (aws-node-modified). */
function patch(auditID: string, at: string): K8sAuditRecord {
  return {
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "Metadata",
    auditID,
    stage: "ResponseComplete",
    requestURI: "/apis/apps/v1/namespaces/kube-system/daemonsets/aws-node?fieldManager=kubectl-edit",
    verb: "patch",
    user: { username: "kubernetes-admin", groups: ["system:masters", "system:authenticated"] },
    objectRef: { resource: "daemonsets", namespace: "kube-system", name: "aws-node", apiGroup: "apps", apiVersion: "v1" },
    responseStatus: { code: 200 },
    requestReceivedTimestamp: at,
    stageTimestamp: at,
  } as K8sAuditRecord;
}

async function invoke(records: unknown[], name: string): Promise<Alert[]> {
  const table = await world.dynamo.createTable();
  const handler = createHandler("audit-logs", runAuditLogs, { env: lambdaEnv(world, table), clients: clientsFor(world) });
  await handler(subscriptionEvent(records as K8sAuditRecord[]), lambdaContext(name));
  const alerts = world.sns.published.map((p) => JSON.parse(p.message) as Alert);
  world.sns.published.length = 0;
  return alerts;
}

describe("audit-logs handler: what a kube-apiserver-audit stream carries", () => {
  it("runs the CloudTrail rules on a CloudTrail record among the audit events", async () => {
    const alerts = await invoke([patch("5b7c1e2a-0000-4000-8000-000000000001", new Date().toISOString()), denied], "ct-in-audit-stream");
    expect(alerts.some((a) => a.rule === "eni-unauthorized" && a.samples.some((s) => s.includes(denied.eventID)))).toBe(true);
    expect(alerts.some((a) => a.rule === "aws-node-modified")).toBe(true);
  });

  it("takes a record dated in 2099 as received now", async () => {
    const before = Date.now();
    const alerts = await invoke([patch("5b7c1e2a-0000-4000-8000-000000000002", "2099-01-01T00:00:00.000000Z")], "future-dated");
    const a = alerts.find((x) => x.rule === "aws-node-modified");
    expect(a).toBeDefined();
    const first = Date.parse(a!.firstSeen);
    expect(first).toBeGreaterThanOrEqual(before - 1000);
    expect(first).toBeLessThan(Date.parse("2030-01-01T00:00:00Z"));
  });
});
