// The built bundles (dist/functions/*.mjs, built by the test global setup) run as Lambda runs
// them: copied alone into an empty directory outside the repo (no node_modules), imported by a
// bare Node process, configured only through environment variables — the SDK's own
// AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_SNS point the real clients at the loopback peers.
import { execFile } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Alert } from "../../../shared/types.ts";
import { addonUpdated, cninodesDenied, subscriptionEvent } from "../../fixtures/lambda/events.ts";
import { controlRecordData, dataOf, kinesisEvent } from "../../fixtures/lambda/kinesis.ts";
import { FAKE_CREDENTIALS, TEST_REGION } from "../../helpers/peers/index.ts";
import { FUNCTION_ARN, startWorld, storedHead, TOPIC_ARN, type World } from "./harness.ts";

const T = Date.parse("2026-03-01T02:00:00Z");
const distDir = new URL("../../../dist/functions/", import.meta.url).pathname;
const RUNNER = `
import { readFileSync } from "node:fs";
const [bundle, eventFile, requestId] = process.argv.slice(2);
const { handler } = await import(bundle);
const context = {
  awsRequestId: requestId, functionName: "cni-auditor", functionVersion: "$LATEST", memoryLimitInMB: "256",
  invokedFunctionArn: ${JSON.stringify(FUNCTION_ARN)}, logGroupName: "/aws/lambda/cni-auditor", logStreamName: "s",
  callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 30000,
};
const event = JSON.parse(readFileSync(eventFile, "utf8"));
let outcome;
try { outcome = { ok: true, result: await handler(event, context) }; }
catch (e) { outcome = { ok: false, name: e.name, message: e.message }; }
process.stdout.write("\\nRESULT " + JSON.stringify(outcome) + "\\n");
`;

let world: World;
let dir: string;
let table: string;
const logs: string[] = [];
let n = 0;

beforeAll(async () => {
  world = await startWorld();
  table = await world.dynamo.createTable("bundles");
  dir = mkdtempSync(join(tmpdir(), "cni-auditor-bundles-"));
  for (const f of readdirSync(distDir).filter((x) => x.endsWith(".mjs"))) copyFileSync(join(distDir, f), join(dir, f));
  // The handlers import chunks (code splitting, scripts/build.mjs): they ship with them.
  cpSync(join(distDir, "chunks"), join(dir, "chunks"), { recursive: true });
  writeFileSync(join(dir, "invoke.mjs"), RUNNER);
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await world.close();
});

function lambdaEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    AWS_ENDPOINT_URL_DYNAMODB: world.dynamo.endpoint,
    AWS_ENDPOINT_URL_SNS: world.sns.url,
    AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
    AWS_REGION: TEST_REGION,
    AWS_CONFIG_FILE: join(dir, "no-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, "no-credentials"),
    DEDUP_TABLE: table,
    SLACK_WEBHOOK_URL: world.slack.webhookUrl,
    SLACK_MIN_SEVERITY: "info",
    ALERT_TOPIC_ARN: TOPIC_ARN,
    POWERTOOLS_SERVICE_NAME: "cni-auditor",
    POWERTOOLS_METRICS_NAMESPACE: "CniAuditor",
  };
}

/** Runs one invocation of `dist/functions/<fn>.mjs` in a fresh Node process (one cold container). */
function invokeBundle(fn: string, event: unknown): Promise<{ ok: boolean; result?: unknown; message?: string }> {
  const eventFile = join(dir, `event-${++n}.json`);
  writeFileSync(eventFile, JSON.stringify(event));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(dir, "invoke.mjs"), join(dir, `${fn}.mjs`), eventFile, `bundle-${n}`], { cwd: dir, env: lambdaEnv() }, (err, stdout, stderr) => {
      logs.push(stdout, stderr);
      const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
      if (!line) return reject(new Error(`no result from ${fn}: ${err?.message ?? ""}\n${stderr.slice(0, 2000)}`));
      resolve(JSON.parse(line.slice(7)));
    });
  });
}

const snsAlerts = () => world.sns.published.map((p) => JSON.parse(p.message) as Alert);

describe("built Lambda bundles", () => {
  it("each function bundle exists, and the handlers run from a directory with nothing installed", async () => {
    expect(readdirSync(distDir).filter((f) => f.endsWith(".mjs")).sort()).toEqual(expect.arrayContaining(["audit-logs.mjs", "audit-log-stream.mjs", "cloudtrail.mjs", "sweep.mjs"]));
    await expect(invokeBundle("sweep", {})).resolves.toEqual({ ok: true, result: { owed: 0, alertsSent: 0, silenceSummaries: 0 } });
  });

  it("audit-logs: parallel cold invocations with the same finding send once; a redelivery changes nothing", async () => {
    const payloads = Array.from({ length: 4 }, (_, i) => subscriptionEvent([cninodesDenied(T + i * 1000, i)], { first: i }));
    const results = await Promise.all(payloads.map((p) => invokeBundle("audit-logs", p)));
    expect(results.every((r) => r.ok)).toBe(true);
    await expect(invokeBundle("audit-logs", payloads[0])).resolves.toMatchObject({ ok: true });
    expect(world.slack.messages()).toHaveLength(1);
    expect(world.sns.published).toHaveLength(1);
    const head = await storedHead(world, table, snsAlerts()[0]!.dedupKey);
    expect(head?.doc.current.alert.count).toBe(4);
  });

  it("sweep: the closed window's true count goes out once as an update", async () => {
    const more = subscriptionEvent([cninodesDenied(T + 10_000, 10), cninodesDenied(T + 11_000, 11)], { first: 10 });
    await expect(invokeBundle("audit-logs", more)).resolves.toMatchObject({ ok: true });
    expect(world.sns.published).toHaveLength(1);
    // The storm's events are in the past, so by the clock its window has closed.
    await expect(invokeBundle("sweep", {})).resolves.toMatchObject({ ok: true, result: { alertsSent: 2 } });
    await expect(invokeBundle("sweep", {})).resolves.toEqual({ ok: true, result: { owed: 0, alertsSent: 0, silenceSummaries: 0 } });
    const alerts = snsAlerts();
    expect(alerts.map((a) => a.count)).toEqual([alerts[0]!.count, 6]);
    expect(world.sns.published.map((p) => p.attributes.kind?.value)).toEqual(["open", "update"]);
    // Slack is delivered on its own (issue 15): its open may have carried another count than SNS's.
    expect(world.slack.messages()[1]!.text).toMatch(/Window closed: 6 events \(\d reported earlier\)/);
  });

  it("cloudtrail: an add-on update is reported through both sinks", async () => {
    const r = await invokeBundle("cloudtrail", addonUpdated("77", T, "v1.19.4-eksbuild.1", '{"env":{"AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG":"true"}}'));
    expect(r).toMatchObject({ ok: true });
    const alert = snsAlerts().at(-1)!;
    expect([alert.rule, alert.facts.toVersion]).toEqual(["addon-version-changed", "v1.19.4-eksbuild.1"]);
    expect(world.slack.messages()).toHaveLength(3);
  });

  it("audit-log-stream: Kinesis records of the central stream, a bad one counted, a redelivery sending nothing new", async () => {
    const record = dataOf(subscriptionEvent([cninodesDenied(T + 1000, 500)], { first: 500, cluster: "member-1" }));
    const event = kinesisEvent([controlRecordData(), "%%%", record]);
    const sent = world.sns.published.length;
    await expect(invokeBundle("audit-log-stream", event)).resolves.toEqual({ ok: true, result: { batchItemFailures: [] } });
    await expect(invokeBundle("audit-log-stream", event)).resolves.toEqual({ ok: true, result: { batchItemFailures: [] } });
    expect(world.sns.published).toHaveLength(sent + 1);
    expect(snsAlerts().at(-1)).toMatchObject({ rule: "cninodes-forbidden", cluster: "member-1", count: 1 });
    expect(logs.slice(-4).join("\n")).toContain('"origin":"kinesis record 2 document","reason":"awslogs.data is not valid base64"');
  });

  it("a bad setting fails the invocation with a ConfigError", async () => {
    const eventFile = join(dir, "empty.json");
    writeFileSync(eventFile, "{}");
    const out = await new Promise<string>((resolve) =>
      execFile(process.execPath, [join(dir, "invoke.mjs"), join(dir, "audit-logs.mjs"), eventFile, "bad"], { cwd: dir, env: { ...lambdaEnv(), SNS_MIN_SEVERITY: "loud" } }, (_e, stdout) => resolve(stdout)),
    );
    logs.push(out);
    expect(out).toContain('RESULT {"ok":false,"name":"ConfigError","message":"SNS_MIN_SEVERITY: \\"loud\\" is not a severity');
  });

  it("logs are JSON lines with EMF metrics, and never contain the webhook URL", () => {
    const all = logs.join("\n");
    expect(all).toContain('"_aws":{"Timestamp"');
    expect(all).toMatch(/"Namespace":"CniAuditor"/);
    expect(all).toMatch(/"AlertsSent"/);
    expect(all).not.toContain(world.slack.secret);
  });
});
