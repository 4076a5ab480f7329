// Gzip bombs (issue 15 item 7): a subscription payload that inflates far past what CloudWatch
// Logs ever sends is rejected with a counted, clear error, without being inflated whole, and the
// container goes on with the next payload. Real handler, dynalite, loopback Slack and SNS.
import { createGzip } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { createHandler } from "../../functions/lambda/handler.ts";
import { runAuditLogs } from "../../functions/lambda/runs.ts";
import { PAYLOAD_INFLATE_MAX } from "../../shared/sources/gzip.ts";
import { cninodesDenied, subscriptionEvent } from "../fixtures/lambda/events.ts";
import { clientsFor, lambdaContext, lambdaEnv, type CapturedOutput, type World, useWorld } from "../integration/lambda/harness.ts";

let world: World;
let output: CapturedOutput;
useWorld((w, o) => ((world = w), (output = o)));

/** gzip of a payload header followed by `mb` MB of spaces (streamed: the test never holds it inflated). */
async function bomb(mb: number): Promise<Buffer> {
  const gz = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gz.on("data", (c: Buffer) => parts.push(c));
  const done = new Promise<void>((r) => gz.on("end", () => r()));
  gz.write('{"messageType":"DATA_MESSAGE","owner":"444455556666","logGroup":"/aws/eks/pay-prod-1/cluster","logStream":"s","logEvents":[');
  const spaces = Buffer.alloc(1024 * 1024, 0x20);
  for (let i = 0; i < mb; i++) if (!gz.write(spaces)) await new Promise((r) => gz.once("drain", r));
  gz.end("]}");
  await done;
  return Buffer.concat(parts);
}

let bombEvent: { awslogs: { data: string } };
beforeAll(async () => {
  bombEvent = { awslogs: { data: (await bomb(200)).toString("base64") } };
}, 60_000);

describe("a gzip bomb in a subscription payload", () => {
  it("is rejected and counted with a clear reason; the next payload in the container is processed", async () => {
    expect(bombEvent.awslogs.data.length).toBeLessThan(1_000_000); // fits Lambda's 1 MB invoke limit
    const table = await world.dynamo.createTable("bomb");
    const h = createHandler("audit-logs", runAuditLogs, { env: lambdaEnv(world, table), clients: clientsFor(world) });
    const before = output.text().length;
    await expect(h(bombEvent, lambdaContext("bomb-1"))).resolves.toMatchObject({ events: 0, rejected: 1 });
    const logged = output.text().slice(before);
    expect(logged).toMatch(new RegExp(`"message":"record rejected".*"reason":"awslogs.data inflates past ${PAYLOAD_INFLATE_MAX} bytes`));
    expect(logged).toMatch(/"Rejected":1/);
    await expect(h(subscriptionEvent([cninodesDenied(Date.parse("2026-03-01T02:00:00Z"), 1)]), lambdaContext("bomb-2"))).resolves.toMatchObject({ events: 1, rejected: 0 });
    expect(world.sns.published).toHaveLength(1);
  }, 60_000);
});
