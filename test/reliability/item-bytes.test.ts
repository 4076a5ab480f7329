// An item is bounded by bytes, not only by counts (guarantees item 6): with every sink refusing,
// closed windows stay owed in the key's head, and eight windows of 500 distinct 253-character
// node names each would make that head about 1 MB. DynamoDB (dynalite) refuses items over 400 KB,
// after which every later batch of the key failed. Through the real handler on dynalite.
import { gzipSync } from "node:zlib";
import { beforeEach, describe, expect, it } from "vitest";
import { createHandler } from "../../functions/lambda/handler.ts";
import { runAuditLogs } from "../../functions/lambda/runs.ts";
import { factTruncated } from "../../shared/core/limits.ts";
import { HEAD_DOC_MAX_BYTES } from "../../shared/store/fit.ts";
import { snsError } from "../helpers/peers/sns.ts";
import { clientsFor, lambdaContext, lambdaEnv, storedHead, type World, useWorld } from "../integration/lambda/harness.ts";
import { seeds } from "./harness.ts";

let world: World;
let table: string;
let request = 0;
const T0 = Date.parse("2024-05-27T08:00:00Z");
const HOUR = 3_600_000;
const KEY = "444455556666|eu-west-1|cninodes-forbidden|long-names";

useWorld((w) => {
  world = w;
});
beforeEach(async () => {
  table = await world.dynamo.createTable("item-bytes");
  world.sns.published.length = 0;
  world.slack.requests.length = 0;
  // Both sinks refuse, permanently, so every window stays owed and stays in the head.
  world.slack.queue.splice(0, Infinity, ...Array.from({ length: 200 }, () => ({ status: 403, body: "invalid_token" })));
  world.sns.queue.splice(0, Infinity, ...Array.from({ length: 200 }, () => snsError(403, "AuthorizationError")));
});

/** 253 characters, the longest DNS name a node can have, distinct per window and index. */
const nodeName = (w: number, i: number) => `ip-${w}-${String(i).padStart(4, "0")}-${"n".repeat(237)}`.slice(0, 253);

function windowOfStorm(w: number) {
  const storm = seeds()["cninodes-forbidden"].record;
  const logEvents = Array.from({ length: 500 }, (_, i) => {
    const t = T0 + w * HOUR + i;
    const record = { ...storm, auditID: `w${w}-${i}`, stageTimestamp: new Date(t).toISOString(), objectRef: { ...storm.objectRef, name: nodeName(w, i) } };
    return { id: `9${String(w * 1000 + i).padStart(55, "0")}`, timestamp: t, message: JSON.stringify(record) };
  });
  const payload = { messageType: "DATA_MESSAGE", owner: "444455556666", logGroup: "/aws/eks/long-names/cluster", logStream: "kube-apiserver-audit-0", logEvents };
  return { awslogs: { data: gzipSync(JSON.stringify(payload)).toString("base64") } };
}

const invoke = (event: unknown) =>
  createHandler("audit-logs", runAuditLogs, { env: lambdaEnv(world, table), clients: clientsFor(world) })(event, lambdaContext(`bytes-${++request}`, 30_000));

describe("eight owed windows of 500 long node names", () => {
  it("every batch is stored, counts stay exact, and the shrunk windows say their node sets are partial", async () => {
    const failures: string[] = [];
    for (let w = 0; w < 8; w++) {
      // A refused send fails the invocation (Lambda retries it); a refused item would too, and
      // would keep failing. Only the item matters here: the count must keep growing.
      await invoke(windowOfStorm(w)).catch((e: Error) => failures.push(e.message));
      const head = await storedHead(world, table, KEY);
      expect(head?.doc.current.alert.count, `window ${w} stored`).toBe(500);
      expect(head?.doc.current.alert.windowStartMs).toBe(T0 + w * HOUR);
    }
    const head = (await storedHead(world, table, KEY))!;
    expect(Buffer.byteLength(JSON.stringify(head.doc))).toBeLessThanOrEqual(HEAD_DOC_MAX_BYTES);
    const windows = [...head.doc.closed, head.doc.current];
    expect(windows.reduce((n, w) => n + w.alert.count, 0) + head.doc.archived.length * 500).toBe(8 * 500);
    // The oldest windows gave up node names first, and say so; none lost its count.
    expect(factTruncated(windows[0]!.alert.facts, "nodes")).toBe(true);
    expect((windows[0]!.alert.facts.nodes as string[]).length).toBeLessThan(500);
    expect(windows.every((w) => w.alert.count === 500)).toBe(true);
    // The failures were the sinks', never the store's.
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((m) => !/ValidationException|Item size/i.test(m))).toBe(true);
  }, 120_000);
});
