// A severity rise goes out at once (issue 15 item 1): patch aws-node (medium), delete it five
// minutes later (critical) — the delete must not wait for the window to close. One message per
// rise, never one per event. Real handler, dynalite, loopback Slack and SNS.
import { beforeEach, describe, expect, it } from "vitest";
import { createHandler } from "../../functions/lambda/handler.ts";
import { runAuditLogs, runSweep } from "../../functions/lambda/runs.ts";
import type { Alert } from "../../shared/types.ts";
import { awsNodePatched, subscriptionEvent } from "../fixtures/lambda/events.ts";
import { clientsFor, lambdaContext, lambdaEnv, type World, useWorld } from "../integration/lambda/harness.ts";

const T = Date.parse("2026-03-01T02:00:00Z");
const MIN = 60_000;
let world: World;
let table: string;
let n = 0;

useWorld((w) => (world = w));
beforeEach(async () => {
  table = await world.dynamo.createTable("rise");
  world.slack.requests.length = 0;
  world.sns.published.length = 0;
});

const invoke = (event: unknown) =>
  createHandler("audit-logs", runAuditLogs, { env: lambdaEnv(world, table), clients: clientsFor(world) })(event, lambdaContext(`rise-${++n}`));
const patch = (t: number, i: number) => awsNodePatched(t, i, "mallory");
const del = (t: number, i: number) => ({
  ...awsNodePatched(t, i, "mallory"),
  verb: "delete",
  requestURI: "/apis/apps/v1/namespaces/kube-system/daemonsets/aws-node",
});
const sns = () => world.sns.published.map((p) => ({ kind: p.attributes.kind!.value, alert: JSON.parse(p.message) as Alert }));

describe("a key whose severity rises inside its window", () => {
  it("medium patch, then critical delete five minutes later: the update goes out at once, once", async () => {
    await invoke(subscriptionEvent([patch(T, 1)], { first: 1 }));
    expect(sns().map((m) => [m.kind, m.alert.severity, m.alert.count])).toEqual([["open", "medium", 1]]);

    await invoke(subscriptionEvent([del(T + 5 * MIN, 2)], { first: 2 }));
    expect(sns().map((m) => [m.kind, m.alert.severity, m.alert.count])).toEqual([
      ["open", "medium", 1],
      ["update", "critical", 2],
    ]);
    expect(world.slack.messages()).toHaveLength(2);
    expect(world.slack.messages()[1]!.text).toMatch(/^CRITICAL aws-node-modified/);
    // It says why it comes now: the window is still open.
    const lead = JSON.stringify(world.slack.messages()[1]!.blocks);
    expect(lead).toContain("Severity rose from medium to critical: 2 events so far (1 reported earlier)");
    expect(lead).not.toContain("Window closed");

    // More events at the same severity: no message per event.
    await invoke(subscriptionEvent([del(T + 6 * MIN, 3), patch(T + 7 * MIN, 4)], { first: 3 }));
    await invoke(subscriptionEvent([patch(T + 8 * MIN, 5)], { first: 5 }));
    expect(sns()).toHaveLength(2);
    expect(world.slack.messages()).toHaveLength(2);

    // The window's true size still goes out once it closes.
    await createHandler("sweep", runSweep, { env: lambdaEnv(world, table), clients: clientsFor(world) })({}, lambdaContext(`rise-${++n}`));
    expect(sns().map((m) => [m.kind, m.alert.severity, m.alert.count])).toEqual([
      ["open", "medium", 1],
      ["update", "critical", 2],
      ["update", "critical", 5],
    ]);
    expect(JSON.stringify(world.slack.messages()[2]!.blocks)).toContain("Window closed: 5 events (2 reported earlier)");
  });

  it("a rise inside one batch with the open: one open at the worst severity, no extra update", async () => {
    await invoke(subscriptionEvent([patch(T, 1), del(T + MIN, 2)], { first: 1 }));
    expect(sns().map((m) => [m.kind, m.alert.severity, m.alert.count])).toEqual([["open", "critical", 2]]);
    await invoke(subscriptionEvent([patch(T + 2 * MIN, 3)], { first: 3 }));
    expect(sns()).toHaveLength(1);
  });
});
