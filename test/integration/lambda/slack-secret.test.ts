// The Slack webhook from SSM Parameter Store (issue 16): the real Powertools Parameters and SSM
// SDK client against a loopback SSM peer (AWS_ENDPOINT_URL_SSM), in process and in the built
// bundle. The URL is read decrypted, reused for SECRETS_MAX_AGE, a rotated value is picked up
// without a redeploy, and neither the URL nor the parameter's value reaches the logs.
import { execFile } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createHandler } from "../../../functions/lambda/handler.ts";
import { runAuditLogs } from "../../../functions/lambda/runs.ts";
import { ssmSecretReader } from "../../../functions/lambda/secrets.ts";
import { cninodesDenied, subscriptionEvent } from "../../fixtures/lambda/events.ts";
import { FAKE_CREDENTIALS, startSlackPeer, startSsmPeer, TEST_REGION, type SlackPeer, type SsmPeer } from "../../helpers/peers/index.ts";
import { captureOutput, clientsFor, lambdaContext, lambdaEnv, startWorld, type World } from "./harness.ts";

const T = Date.parse("2026-03-01T02:00:00Z");
const PARAMETER = "/cni-auditor/test/slack-webhook-url";
const saved: Record<string, string | undefined> = {};
let ssm: SsmPeer;
let world: World;
let rotated: SlackPeer;

function setEnv(vars: Record<string, string>): void {
  for (const [k, v] of Object.entries(vars)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
}

beforeAll(async () => {
  [ssm, world, rotated] = await Promise.all([startSsmPeer(TEST_REGION), startWorld(), startSlackPeer()]);
  // Powertools builds its SSM client from the process environment, as in Lambda.
  setEnv({
    AWS_ENDPOINT_URL_SSM: ssm.url,
    AWS_REGION: TEST_REGION,
    AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
  });
});
afterAll(async () => {
  vi.useRealTimers();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await Promise.all([ssm.close(), world.close(), rotated.close()]);
});

describe("secret reader (Powertools Parameters on the SSM wire)", () => {
  it("reads the SecureString decrypted, reuses it for the max age, then reads the rotated value", async () => {
    const name = "/cni-auditor/test/reader";
    ssm.put(name, "https://hooks.example/one");
    const read = ssmSecretReader(60);
    await expect(read(name)).resolves.toBe("https://hooks.example/one");
    ssm.put(name, "https://hooks.example/two");
    await expect(read(name)).resolves.toBe("https://hooks.example/one");
    expect(ssm.reads().filter((n) => n === name)).toHaveLength(1);
    const body = JSON.parse(ssm.requests.find((r) => r.body.includes(name))!.body);
    expect(body).toEqual({ Name: name, WithDecryption: true });
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 61_000 });
    try {
      await expect(read(name)).resolves.toBe("https://hooks.example/two");
    } finally {
      vi.useRealTimers();
    }
    expect(ssm.reads().filter((n) => n === name)).toHaveLength(2);
  });
});

describe("audit-logs with SLACK_WEBHOOK_PARAMETER", () => {
  it("sends to the URL the parameter holds, picks up a rotation after SECRETS_MAX_AGE, and never logs it", async () => {
    const table = await world.dynamo.createTable("secret");
    ssm.put(PARAMETER, world.slack.webhookUrl);
    const env = lambdaEnv(world, table, { SLACK_WEBHOOK_URL: "", SLACK_WEBHOOK_PARAMETER: PARAMETER, SECRETS_MAX_AGE: "1m" });
    const out = captureOutput();
    try {
      const handler = createHandler("audit-logs", runAuditLogs, { env, clients: clientsFor(world) });
      await handler(subscriptionEvent([cninodesDenied(T, 1)], { first: 1 }), lambdaContext("secret-1"));
      expect(world.slack.messages()).toHaveLength(1);
      // Rotated to another webhook: the cached URL serves until the max age, then the new one.
      ssm.put(PARAMETER, rotated.webhookUrl);
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 61_000 });
      try {
        await handler(subscriptionEvent([cninodesDenied(T + 5 * 3_600_000, 2)], { first: 2 }), lambdaContext("secret-2"));
      } finally {
        vi.useRealTimers();
      }
      expect([world.slack.messages().length, rotated.messages().length]).toEqual([1, 1]);
    } finally {
      out.stop();
    }
    const logs = out.text();
    expect(logs).not.toContain(world.slack.secret);
    expect(logs).not.toContain(rotated.secret);
  });

  it("an unreadable parameter fails the invocation (Lambda retries) and names the parameter, not a value", async () => {
    const table = await world.dynamo.createTable("secret-missing");
    const env = lambdaEnv(world, table, { SLACK_WEBHOOK_URL: "", SLACK_WEBHOOK_PARAMETER: "/cni-auditor/test/missing" });
    const handler = createHandler("audit-logs", runAuditLogs, { env, clients: clientsFor(world) });
    const sent = world.sns.published.length;
    await expect(handler(subscriptionEvent([cninodesDenied(T, 9)], { first: 9 }), lambdaContext("secret-3"))).rejects.toThrow(
      /slack: webhook parameter \/cni-auditor\/test\/missing not readable/,
    );
    // The other sink still got the alert.
    expect(world.sns.published.length).toBe(sent + 1);
  });
});

describe("the built bundle", () => {
  let dir: string;
  beforeAll(() => {
    const dist = new URL("../../../dist/functions/", import.meta.url).pathname;
    dir = mkdtempSync(join(tmpdir(), "cni-auditor-secret-"));
    for (const f of readdirSync(dist).filter((x) => x.endsWith(".mjs"))) copyFileSync(join(dist, f), join(dir, f));
    cpSync(join(dist, "chunks"), join(dir, "chunks"), { recursive: true });
    writeFileSync(
      join(dir, "invoke.mjs"),
      `const { handler } = await import(process.argv[2]);
const event = JSON.parse(process.argv[3]);
const context = { awsRequestId: "b-1", functionName: "f", invokedFunctionArn: "arn:aws:lambda:${TEST_REGION}:444455556666:function:f", getRemainingTimeInMillis: () => 30000 };
try { await handler(event, context); process.stdout.write("\\nRESULT ok\\n"); } catch (e) { process.stdout.write("\\nRESULT " + e.name + ": " + e.message + "\\n"); }`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("loads the SSM client from its lazy chunk, with nothing installed, and delivers", async () => {
    const table = await world.dynamo.createTable("secret-bundle");
    ssm.put(PARAMETER, world.slack.webhookUrl);
    const before = world.slack.messages().length;
    const env = {
      PATH: process.env.PATH,
      AWS_ENDPOINT_URL_DYNAMODB: world.dynamo.endpoint,
      AWS_ENDPOINT_URL_SNS: world.sns.url,
      AWS_ENDPOINT_URL_SSM: ssm.url,
      AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
      AWS_REGION: TEST_REGION,
      AWS_CONFIG_FILE: join(dir, "none"),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, "none"),
      DEDUP_TABLE: table,
      SLACK_WEBHOOK_PARAMETER: PARAMETER,
      SLACK_MIN_SEVERITY: "info",
    };
    const event = JSON.stringify(subscriptionEvent([cninodesDenied(T, 20)], { first: 20 }));
    const stdout = await new Promise<string>((resolve) =>
      execFile(process.execPath, [join(dir, "invoke.mjs"), join(dir, "audit-logs.mjs"), event], { cwd: dir, env }, (_e, so) => resolve(so)),
    );
    expect(stdout).toContain("RESULT ok");
    expect(world.slack.messages().length).toBe(before + 1);
    expect(stdout).not.toContain(world.slack.secret);
  });
});
