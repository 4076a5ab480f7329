// The built fleet-report Lambda bundle (dist/functions/fleet-report.mjs), configured only
// through its environment: real EKS, STS, S3 and SNS clients on loopback peers
// (AWS_ENDPOINT_URL_<SERVICE>), a loopback Slack webhook, and per-sink minimum severities.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Context } from "aws-lambda";
import { startSlackPeer, startSnsPeer, type SlackPeer, type SnsPeer } from "../../helpers/peers/index.ts";
import { BASE_ACCESS_KEY, startEksServer, type EksServer } from "./eks-server.ts";
import { startS3Peer, type S3Peer } from "./s3-peer.ts";

const BUNDLE = new URL("../../../dist/functions/fleet-report.mjs", import.meta.url).href;
const BUCKET = "cni-auditor-reports-test";
const TOPIC = "arn:aws:sns:us-west-2:111122223333:cni-auditor-alerts";

let eks: EksServer;
let s3: S3Peer;
let sns: SnsPeer;
let slack: SlackPeer;
const savedEnv = { ...process.env };

beforeAll(async () => {
  [eks, s3, sns, slack] = await Promise.all([startEksServer(), startS3Peer(), startSnsPeer(), startSlackPeer()]);
});
afterAll(async () => {
  process.env = savedEnv;
  await Promise.all([eks.close(), s3.close(), sns.close(), slack.close()]);
});

let loads = 0;
type Handler = (event: unknown, context: Context) => Promise<Record<string, unknown>>;

/** A cold start: the bundle reads its environment once, at import. */
async function coldStart(env: Record<string, string>): Promise<Handler> {
  process.env = {
    PATH: savedEnv.PATH,
    AWS_REGION: "us-west-2",
    AWS_ACCESS_KEY_ID: BASE_ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: "fake-secret",
    AWS_ENDPOINT_URL_EKS: eks.endpoint,
    AWS_ENDPOINT_URL_STS: eks.endpoint,
    AWS_ENDPOINT_URL_IAM: eks.endpoint,
    AWS_ENDPOINT_URL_S3: s3.url,
    AWS_ENDPOINT_URL_SNS: sns.url,
    AWS_MAX_ATTEMPTS: "2",
    AWS_EC2_METADATA_DISABLED: "true",
    POWERTOOLS_SERVICE_NAME: "cni-auditor",
    POWERTOOLS_LOG_LEVEL: "ERROR",
    REPORT_BUCKET: BUCKET,
    FLEET_REGIONS: "eu-west-1",
    FLEET_ROLE_NAME: "cni-auditor-fleet-read",
    ALERT_TOPIC_ARN: TOPIC,
    SLACK_WEBHOOK_URL: slack.webhookUrl,
    ...env,
  };
  const mod = (await import(`${BUNDLE}?load=${++loads}`)) as { handler: Handler };
  return mod.handler;
}

function context(): Context {
  return {
    awsRequestId: `req-${loads}`,
    functionName: "cni-auditor-FleetReport",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-west-2:111122223333:function:cni-auditor-FleetReport",
    memoryLimitInMB: "512",
    logGroupName: "/aws/lambda/cni-auditor-FleetReport",
    logStreamName: "s",
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 600_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

const SCHEDULED_EVENT = { "detail-type": "Scheduled Event", source: "aws.scheduler", detail: {} };

describe("fleet-report Lambda bundle", () => {
  it("stores the reports under a dated prefix and latest/, and sends one summary to the sinks it clears", async () => {
    const handler = await coldStart({ SLACK_MIN_SEVERITY: "critical", SNS_MIN_SEVERITY: "info" });
    const result = await handler(SCHEDULED_EVENT, context());

    const keys = [...s3.objects.keys()].sort();
    const prefix = String(result.prefix);
    expect(prefix).toMatch(/^reports\/\d{4}\/\d{2}\/\d{2}\/\d{6}Z\/$/);
    const files = ["report.html", "report.json", "report.md", "snapshot.json"];
    expect(keys).toEqual([
      `${BUCKET}/latest/announced-report.json`,
      ...files.map((f) => `${BUCKET}/latest/${f}`),
      ...files.map((f) => `${BUCKET}/${prefix}${f}`),
    ]);
    expect(s3.objects.get(`${BUCKET}/${prefix}report.html`)?.contentType).toBe("text/html; charset=utf-8");
    expect(s3.objects.get(`${BUCKET}/latest/report.json`)?.cacheControl).toBe("no-cache");
    const report = JSON.parse(s3.objects.get(`${BUCKET}/${prefix}report.json`)!.body);
    expect(report.summary.clusters).toBe(3);
    expect(report.failures.map((f: { cluster: string }) => f.cluster)).toEqual(["eu-flaky"]);
    expect(report.changes).toBeNull();

    // SNS (min info) got the summary; Slack (min critical) did not: the worst finding is high.
    expect(sns.published.length).toBe(1);
    const alert = JSON.parse(sns.published[0]!.message);
    expect(alert).toMatchObject({ rule: "fleet/summary", severity: "high", count: 1, cluster: null });
    expect(alert.title).toMatch(/^Fleet audit: \d+ findings on 2 of 3 clusters \(.*high.*\) — 1 could not be read$/);
    const url = `https://console.aws.amazon.com/s3/object/${BUCKET}?region=us-west-2&prefix=${encodeURIComponent(`${prefix}report.html`)}`;
    expect(alert.references).toEqual([url]);
    expect(alert.facts.reportUrl).toBe(url);
    expect(alert.remediation).toContain(`**Report:** ${url}`);
    expect(alert.remediation).not.toMatch(/X-Amz-Signature|X-Amz-Credential/);
    expect(slack.messages()).toEqual([]);
    expect(result).toMatchObject({ sentTo: ["sns"], belowThreshold: ["slack"], clusters: 3, unreadable: 1 });
  });

  it("compares with the previous run's report and links REPORT_URL_BASE", async () => {
    const handler = await coldStart({ SLACK_MIN_SEVERITY: "high", REPORT_URL_BASE: "https://reports.example.com/cni/" });
    const firstLatest = JSON.parse(s3.objects.get(`${BUCKET}/latest/report.json`)!.body);
    const result = await handler(SCHEDULED_EVENT, context());
    const latest = JSON.parse(s3.objects.get(`${BUCKET}/latest/report.json`)!.body);
    expect(latest.changes).toMatchObject({ previousGeneratedAt: firstLatest.generatedAt, new: [], resolved: [] });
    expect(latest.changes.unchanged).toBe(latest.findings.length);

    const [message] = slack.messages();
    expect(message).toBeDefined();
    expect(JSON.stringify(message)).toContain(`https://reports.example.com/cni/${String(result.prefix)}report.html`);
    expect(sns.published.length).toBe(2);
  });

  it("fails every invocation when its settings are wrong, without reading the fleet", async () => {
    const before = eks.requests.length;
    const handler = await coldStart({ REPORT_BUCKET: "" });
    await expect(handler(SCHEDULED_EVENT, context())).rejects.toThrow(/REPORT_BUCKET is required/);
    expect(eks.requests.length).toBe(before);
  });
});
