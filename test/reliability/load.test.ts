// Load and concurrency against dynalite, through the real handlers in-process (one
// `createHandler` per simulated container): two phases, an hour and more apart in event time,
// of 8 payloads × 10k events on 4 clusters, all invoked at once, with 4 payloads redelivered
// concurrently in each phase and 4 phase-one payloads redelivered late; then the sweep. The
// counts are checked against arithmetic: every matching event counted once, exactly one open
// alert per key and window, at most one update, the final count of each window exact.
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseHead } from "../../shared/store/dynamo-items.ts";
import { createHandler } from "../../functions/lambda/handler.ts";
import { runAuditLogs, runSweep } from "../../functions/lambda/runs.ts";
import type { Alert } from "../../shared/types.ts";
import { captureOutput, clientsFor, lambdaContext, lambdaEnv, startWorld, type World } from "../integration/lambda/harness.ts";
import { EVENTS_PER_PAYLOAD, MATCHING_PER_PAYLOAD, PER_PAYLOAD, RESOURCES, USERS, loadPayload, type LoadPayload } from "./load-events.ts";

const CLUSTERS = 4;
const PAYLOADS_PER_PHASE = 8;
const REDELIVERED = 4;
const PHASE_START = [Date.parse("2024-05-27T08:00:00Z"), Date.parse("2024-05-27T11:00:00Z")];

let world: World;
let table: string;
let output: ReturnType<typeof captureOutput>;
let requests = 0;
const figures = { invocations: 0, failedAttempts: 0, eventsSent: 0, uniqueMatching: 0 };

beforeAll(async () => {
  world = await startWorld();
  table = await world.dynamo.createTable("load");
  output = captureOutput();
});
afterAll(async () => {
  output.stop();
  console.log(
    `[reliability] load: ${figures.invocations} invocations (${figures.failedAttempts} failed attempts retried), ` +
      `${figures.eventsSent} events sent, ${figures.uniqueMatching} unique matching events`,
  );
  await world.close();
});

/** One invocation in a fresh container; a failed attempt is retried as Lambda does (twice). */
async function invoke(run: typeof runAuditLogs, event: unknown): Promise<void> {
  const handler = createHandler("audit-logs", run, { env: lambdaEnv(world, table), clients: clientsFor(world) });
  for (let attempt = 0; ; attempt++) {
    figures.invocations++;
    try {
      await handler(event, lambdaContext(`load-${++requests}`, 300_000));
      return;
    } catch (e) {
      figures.failedAttempts++;
      if (attempt === 2) throw e;
    }
  }
}

async function phase(payloads: LoadPayload[], redeliver: LoadPayload[]): Promise<void> {
  const all = [...payloads, ...redeliver];
  figures.eventsSent += all.length * EVENTS_PER_PAYLOAD;
  await Promise.all(all.map((p) => invoke(runAuditLogs, p.event)));
}

interface Published {
  alert: Alert;
  kind: string;
}

describe("load: 10k-event payloads from concurrent invocations, with redelivery", () => {
  it("counts every event once and sends one alert per key and window, then one update with the true count", async () => {
    const phases = PHASE_START.map((start, ph) => Array.from({ length: PAYLOADS_PER_PHASE }, (_, n) => loadPayload(ph, n, CLUSTERS, start)));
    await phase(phases[0]!, phases[0]!.slice(0, REDELIVERED));
    await phase(phases[1]!, [...phases[1]!.slice(0, REDELIVERED), ...phases[0]!.slice(REDELIVERED)]);
    figures.uniqueMatching = 2 * PAYLOADS_PER_PHASE * MATCHING_PER_PAYLOAD;
    // The sweep (wall clock far after 2024) closes the phase-two windows and sends their counts.
    const sweep = createHandler("sweep", runSweep, { env: lambdaEnv(world, table), clients: clientsFor(world) });
    figures.invocations++;
    await sweep({}, lambdaContext("load-sweep", 300_000));

    // What each window must have counted, from the construction of the payloads.
    const perCluster = PAYLOADS_PER_PHASE / CLUSTERS;
    const expected = new Map<string, number>();
    for (let c = 0; c < CLUSTERS; c++) {
      const where = `444455556666|eu-west-1`;
      expected.set(`${where}|cninodes-forbidden|c${c}`, PER_PAYLOAD.storm * perCluster);
      for (const r of RESOURCES) {
        expected.set(`${where}|system-forbidden|c${c}|system:serviceaccount:kube-system:aws-node|watch|${r}`, (PER_PAYLOAD.denied / RESOURCES.length) * perCluster);
      }
      for (const u of USERS) expected.set(`${where}|aws-node-modified|c${c}|${u}|daemonsets|aws-node`, (PER_PAYLOAD.patched / USERS.length) * perCluster);
    }

    const published: Published[] = world.sns.published.map((p) => ({ alert: JSON.parse(p.message) as Alert, kind: p.attributes.kind!.value }));
    const byWindow = new Map<string, Published[]>();
    for (const p of published) {
      const w = Date.parse(p.alert.firstSeen) < PHASE_START[1]! ? 0 : 1;
      const id = `${p.alert.dedupKey}#${w}`;
      byWindow.set(id, [...(byWindow.get(id) ?? []), p]);
    }
    // Every key has two windows (one per phase), each opened exactly once.
    expect([...byWindow.keys()].sort()).toEqual([...expected.keys()].flatMap((k) => [`${k}#0`, `${k}#1`]).sort());
    let reportedTotal = 0;
    for (const [id, msgs] of byWindow) {
      const key = id.slice(0, id.lastIndexOf("#"));
      expect(msgs.filter((m) => m.kind === "open"), id).toHaveLength(1);
      const updates = msgs.filter((m) => m.kind === "update");
      expect(updates.length, id).toBeLessThanOrEqual(1);
      const final = Math.max(...msgs.map((m) => m.alert.count));
      expect(final, id).toBe(expected.get(key));
      if (updates.length === 1) expect(updates[0]!.alert.count, id).toBe(final);
      reportedTotal += final;
    }
    expect(reportedTotal).toBe(figures.uniqueMatching);
    // Slack, delivered on its own (issue 15): one open per window and at most one update,
    // which may differ from SNS's (each sink took the count of the moment it sent).
    const slackTexts = world.slack.messages().map((m) => m.text);
    expect(slackTexts.filter((t) => !t.includes("Window closed"))).toHaveLength(byWindow.size);
    expect(slackTexts.filter((t) => t.includes("Window closed")).length).toBeLessThanOrEqual(byWindow.size);

    // The table agrees: each key's current window counted exactly and fully reported.
    const scan = await world.dynamo.client.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
    const heads = (scan.Items ?? []).filter((i) => i.pk?.S?.startsWith("w#")).map((i) => parseHead(i.pk!.S!.slice(2), i)!);
    expect(heads).toHaveLength(expected.size);
    for (const h of heads) {
      expect(h.doc.current.alert.count, h.key).toBe(expected.get(h.key));
      expect(h.doc.current.reported, h.key).toBe(h.doc.current.alert.count);
      expect(h.doc.closed, h.key).toEqual([]);
    }
    // Rejected records were logged (the first 20 per batch) and counted, never fatal.
    const logs = output.text();
    expect(logs).toMatch(/"message":"record rejected".*"reason":"message is not JSON: /);
    expect(logs).toMatch(/"message":"more records rejected".*"notLogged":480/);
  }, 600_000);
});
