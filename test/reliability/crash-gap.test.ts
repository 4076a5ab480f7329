// The one place an alert may repeat (README "Windows and delivery"): Slack took the message,
// then recording it failed. A DynamoDB proxy on loopback forwards to dynalite and fails the
// first write after Slack answered; the invocation fails, Lambda retries, and exactly that
// one Slack message is repeated — logged as such — while SNS, recorded fine, is not.
import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import { createHandler } from "../../functions/lambda/handler.ts";
import { runAuditLogs } from "../../functions/lambda/runs.ts";
import { clientsFor, lambdaContext, lambdaEnv, type CapturedOutput, type World, useWorld } from "../integration/lambda/harness.ts";
import { awslogs, cwlPayload, seeds } from "./harness.ts";

let world: World;
let output: CapturedOutput;
let failNextWrite = false;

useWorld((w, o) => {
  world = w;
  output = o;
});

/** The first write recording Slack's send: the window's `sent` names slack for the first time. */
const RECORDS_SLACK = /\\"sent\\":\{[^}]*\\"slack\\":1/;

/** A fetch for the SDK's DynamoDB traffic: forwards to dynalite, failing one write on demand. */
function dynamoVia(endpoint: string) {
  return async (req: { target: string; body: string; headers: Record<string, string> }) => {
    // Sinks are delivered concurrently (issue 15): the write to fail is Slack's mark, not any write after it.
    if (failNextWrite && req.target.endsWith("UpdateItem") && RECORDS_SLACK.test(req.body)) {
      failNextWrite = false;
      return { status: 500, body: JSON.stringify({ __type: "com.amazonaws.dynamodb.v20120810#InternalServerError", message: "injected" }) };
    }
    const res = await fetch(endpoint, { method: "POST", headers: req.headers, body: req.body });
    return { status: res.status, body: await res.text() };
  };
}

describe("the crash gap between a send and its mark", () => {
  it("repeats exactly the one message whose mark failed, and says so", async () => {
    const table = await world.dynamo.createTable("gap");
    const forward = dynamoVia(world.dynamo.endpoint);
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string" && k !== "host" && k !== "content-length") headers[k] = v;
        const out = await forward({ target: String(req.headers["x-amz-target"] ?? ""), body: Buffer.concat(chunks).toString("utf8"), headers });
        res.writeHead(out.status, { "content-type": "application/x-amz-json-1.0" });
        res.end(out.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const address = server.address();
    const endpoint = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    try {
      const event = awslogs(cwlPayload([seeds()["cninodes-forbidden"].record]));
      const handler = () => createHandler("audit-logs", runAuditLogs, { env: lambdaEnv(world, table), clients: clientsFor(world, endpoint) });
      failNextWrite = true;
      await expect(handler()(event, lambdaContext("gap-1"))).rejects.toThrow(/sent but not recorded/);
      expect(output.text()).toMatch(/"message":"alert sent but not recorded as sent; a retry may repeat this one message".*"sink":"slack"/);
      expect(world.slack.messages()).toHaveLength(1);
      expect(world.sns.published).toHaveLength(1);
      await handler()(event, lambdaContext("gap-2")); // Lambda's retry
      await handler()(event, lambdaContext("gap-3")); // and a redelivery: nothing more
      expect(world.slack.messages()).toHaveLength(2); // the one repeat the gap allows
      expect(world.sns.published).toHaveLength(1);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
