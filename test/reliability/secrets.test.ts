// Secrets never reach logs, alerts or messages: the Slack webhook URL (its path is the secret)
// and the AWS credentials (secret key, session token). Every handler run here — successes and
// each failure path: Slack 5xx/404 answers that echo the request path, refused and dropped
// connections, SNS and DynamoDB errors that echo the signed request (AWS signature errors quote
// the canonical request, x-amz-security-token included) or carry an encoded authorization
// message — is captured and scanned. Encoded authorization messages are shortened everywhere.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SNSClient } from "@aws-sdk/client-sns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAFETY_MARGIN_MS } from "../../functions/lambda/batch.ts";
import { createHandler } from "../../functions/lambda/handler.ts";
import { runAuditLogs, runCloudTrail, runSweep } from "../../functions/lambda/runs.ts";
import { buildSlackPayload } from "../../shared/sinks/slack.ts";
import type { Alert } from "../../shared/types.ts";
import { startLoopbackServer, TEST_REGION, type LoopbackServer } from "../helpers/peers/index.ts";
import { captureOutput, lambdaContext, lambdaEnv, startWorld, type World } from "../integration/lambda/harness.ts";
import { awslogs, cwlPayload, runLambdaEvents, seeds } from "./harness.ts";

const CREDS = {
  accessKeyId: "AKIACANARYKEYID00001",
  secretAccessKey: "CANARYsecretACCESSkey0000000000000000001",
  sessionToken: "CANARYsessionTOKEN//IQoJb3JpZ2luX2VjEXAMPLE+token000000000001",
};
const ENCODED_BLOB = `CANARYencoded-${"Zm9vYmFy".repeat(250)}`;

let world: World;
let echoAws: LoopbackServer;
let output: ReturnType<typeof captureOutput>;
let request = 0;

/** An AWS JSON-protocol error answer that repeats what the request carried, as signature errors do. */
function awsJsonError(status: number, type: string, message: (token: string) => string) {
  return (req: { headers: Record<string, string | string[] | undefined> }) => ({
    status,
    headers: { "content-type": "application/x-amz-json-1.0" },
    body: JSON.stringify({ __type: `com.amazon.coral.service#${type}`, message: message(String(req.headers["x-amz-security-token"] ?? "")) }),
  });
}

const signatureMessage = (token: string) =>
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. " +
  "Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'POST\n/\n\n" +
  `content-type:application/x-amz-json-1.0\nhost:dynamodb.${TEST_REGION}.amazonaws.com\nx-amz-date:20261101T000000Z\nx-amz-security-token:${token}\n\n` +
  "content-type;host;x-amz-date;x-amz-security-token\n0123'\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n...'";

beforeAll(async () => {
  world = await startWorld();
  echoAws = await startLoopbackServer(awsJsonError(400, "InvalidSignatureException", signatureMessage));
  output = captureOutput();
});
afterAll(async () => {
  output.stop();
  await echoAws.close();
  await world.close();
});

function clients(dynamoEndpoint: string) {
  return {
    dynamo: new DynamoDBClient({ endpoint: dynamoEndpoint, region: TEST_REGION, credentials: CREDS, maxAttempts: 1 }),
    sns: new SNSClient({ endpoint: world.sns.url, region: TEST_REGION, credentials: CREDS, maxAttempts: 1 }),
  };
}

/** The Lambda environment as AWS sets it, credentials included, plus ours. */
async function env(extra: Record<string, string> = {}): Promise<Record<string, string>> {
  return {
    ...lambdaEnv(world, await world.dynamo.createTable("secrets"), extra),
    AWS_ACCESS_KEY_ID: CREDS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDS.secretAccessKey,
    AWS_SESSION_TOKEN: CREDS.sessionToken,
    ...extra,
  };
}

async function run(kind: "audit" | "cloudtrail" | "sweep", event: unknown, e: Record<string, string>, dynamo = world.dynamo.endpoint, remainingMs = SAFETY_MARGIN_MS + 1500) {
  const fn = kind === "audit" ? runAuditLogs : kind === "cloudtrail" ? runCloudTrail : runSweep;
  const h = createHandler(kind === "audit" ? "audit-logs" : kind, fn, { env: e, clients: clients(dynamo) });
  return h(event, lambdaContext(`secrets-${++request}`, remainingMs)).then(
    (r) => ({ ok: true as const, r }),
    (err: Error) => ({ ok: false as const, err }),
  );
}

const stormEvent = () => awslogs(cwlPayload([seeds()["cninodes-forbidden"].record], ++request * 10));

function expectNoSecret(text: string, what: string): void {
  for (const secret of [world.slack.secret, world.slack.webhookUrl, "/services/T0000CNI", CREDS.secretAccessKey, CREDS.sessionToken, "CANARYencoded"]) {
    expect(text.includes(secret), `${what} contains ${secret.slice(0, 24)}…`).toBe(false);
  }
}

describe("failure paths leak no secret into logs or errors", () => {
  it.each([
    ["Slack 500 answers that echo the request path", () => Array.from({ length: 20 }, () => ({ status: 500, body: `proxy error for POST ${world.slack.webhookUrl}` }))],
    ["Slack 404 that echoes the path", () => [{ status: 404, body: `No route for /services/${world.slack.secret}` }]],
    ["Slack dropping connections", () => Array.from({ length: 20 }, () => ({ status: 0, hangUp: true }))],
  ])("%s", async (_name, answers) => {
    world.slack.queue.length = 0;
    world.slack.queue.push(...answers());
    const before = output.text().length;
    const r = await run("audit", stormEvent(), await env());
    world.slack.queue.length = 0;
    expect(r.ok).toBe(false);
    if (!r.ok) expectNoSecret(`${r.err.message} ${String((r.err as { cause?: unknown }).cause ?? "")}`, "the thrown error");
    const logs = output.text().slice(before);
    expect(logs).toMatch(/"message":"alert not delivered; it stays pending/);
    expectNoSecret(logs, "the logs");
  });

  it("a webhook on a closed port (connection refused)", async () => {
    const closed = world.slack.webhookUrl.replace(/:\d+\//, ":9/");
    const before = output.text().length;
    const r = await run("audit", stormEvent(), await env({ SLACK_WEBHOOK_URL: closed }));
    expect(r.ok).toBe(false);
    expectNoSecret(output.text().slice(before) + (r.ok ? "" : r.err.message), "the logs");
  });

  it("DynamoDB answering with a signature error that quotes the canonical request (session token included)", async () => {
    const before = output.text().length;
    const r = await run("audit", stormEvent(), await env(), echoAws.url);
    expect(r.ok).toBe(false);
    // The peer really did get the token, and its answer really did carry it back.
    expect(echoAws.requests.some((q) => q.headers["x-amz-security-token"] === CREDS.sessionToken)).toBe(true);
    const logs = output.text().slice(before);
    expect(logs).toMatch(/InvalidSignatureException/);
    expectNoSecret(logs + (r.ok ? "" : r.err.message), "the logs");
    const sweep = await run("sweep", {}, await env(), echoAws.url);
    expect(sweep.ok).toBe(false);
    expectNoSecret(output.text().slice(before) + (sweep.ok ? "" : sweep.err.message), "the sweep's logs");
  });

  it("DynamoDB and SNS refusing with an encoded authorization failure message", async () => {
    const denied = await startLoopbackServer(
      awsJsonError(400, "AccessDeniedException", () => `User: arn:aws:sts::444455556666:assumed-role/cni-auditor/x is not authorized to perform: dynamodb:BatchGetItem. Encoded authorization failure message: ${ENCODED_BLOB}`),
    );
    try {
      const before = output.text().length;
      const r = await run("audit", stormEvent(), await env(), denied.url);
      expect(r.ok).toBe(false);
      const logs = output.text().slice(before);
      expect(logs).toMatch(/AccessDeniedException/);
      expect(logs).toMatch(/is not authorized to perform: dynamodb:BatchGetItem/);
      expectNoSecret(logs + (r.ok ? "" : r.err.message), "the logs");
    } finally {
      await denied.close();
    }
    world.sns.queue.push(...Array.from({ length: 5 }, () => ({
      status: 403,
      headers: { "content-type": "text/xml" },
      body: `<ErrorResponse><Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>not authorized. Encoded authorization failure message: ${ENCODED_BLOB} token ${CREDS.sessionToken}</Message></Error><RequestId>1</RequestId></ErrorResponse>`,
    })));
    const before = output.text().length;
    const r = await run("audit", stormEvent(), await env());
    world.sns.queue.length = 0;
    expect(r.ok).toBe(false);
    expectNoSecret(output.text().slice(before) + (r.ok ? "" : r.err.message), "the logs");
  });
});

describe("encoded authorization messages in events", () => {
  it("are shortened in facts, alert text, Slack, SNS and logs", async () => {
    const e = seeds()["eni-unauthorized"].record;
    e.detail.errorMessage = `You are not authorized to perform this operation. User: ${e.detail.userIdentity.arn} is not authorized to perform: ec2:CreateNetworkInterface on resource: arn:aws:ec2:us-west-2:111122223333:network-interface/* because no identity-based policy allows the ec2:CreateNetworkInterface action. Encoded authorization failure message: ${ENCODED_BLOB}`;
    const { alerts } = await runLambdaEvents("eventbridge", [e]);
    expect(alerts).toHaveLength(1);
    const alert = alerts[0]!;
    expect(alert.facts.errorMessage).toMatch(/^You are not authorized to perform this operation\. User: .* is not authorized to perform: ec2:CreateNetworkInterface/);
    expectNoSecret(JSON.stringify(alert), "the alert");
    expectNoSecret(JSON.stringify(buildSlackPayload({ alert, kind: "open", previouslyReported: 0 })), "the Slack payload");

    const before = output.text().length;
    world.sns.published.length = 0;
    const r = await run("cloudtrail", e, await env());
    expect(r.ok).toBe(true);
    expect(world.sns.published).toHaveLength(1);
    expect((JSON.parse(world.sns.published[0]!.message) as Alert).facts.errorMessage).toBe(alert.facts.errorMessage);
    expectNoSecret(output.text().slice(before), "the logs");
    expectNoSecret(JSON.stringify(world.sns.published) + JSON.stringify(world.slack.requests.map((q) => q.body)), "the messages");
  });
});

describe("a successful run", () => {
  it("logs no credential and no webhook", async () => {
    const before = output.text().length;
    const r = await run("audit", stormEvent(), await env(), world.dynamo.endpoint, 60_000);
    expect(r.ok).toBe(true);
    const logs = output.text().slice(before);
    expect(logs).toMatch(/"message":"alert sent"/);
    expectNoSecret(logs, "the logs");
    expect(logs).not.toContain(CREDS.accessKeyId);
  });
});

describe("awsErrorMessage", () => {
  it("keeps the first paragraph, drops the encoded message, and stays on one short line", async () => {
    const { awsErrorMessage } = await import("../../shared/core/aws-error.ts");
    expect(awsErrorMessage(signatureMessage(CREDS.sessionToken).replace(/\n/g, "\r\n"))).toBe(
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    );
    expect(awsErrorMessage(`Not authorized.\nEncoded authorization failure message: ${ENCODED_BLOB}`)).toBe("Not authorized.");
    expect(awsErrorMessage("x".repeat(1000))).toHaveLength(300);
    expect(awsErrorMessage(undefined)).toBe("");
  });
});
