// The fleet audit fanned out, end to end on loopback peers with the built bundles: the fleet-report
// function dispatches one SQS message per account-region (SQS JSON protocol peer), the fleet-worker
// function takes them as Lambda's event source mapping hands them over (an SQS event per received
// batch, deleted unless reported failed), audits each account-region of a loopback EKS world with
// a token bucket per account-region (429s) and a member whose role does not trust the auditor,
// stores partials in S3, keeps the run in DynamoDB (dynalite), and merges once into the reports
// and one Slack summary; a lost partition is reported by the deadline merge as not audited.
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { Context } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOT_AUDITED } from "../../../shared/fleet/fanout/merge.ts";
import { clusterName, startEksWorld, type EksWorld } from "../../helpers/peers/eks-world.ts";
import { startDynamoPeer, startSlackPeer, startSqsPeer, type DynamoPeer, type SlackPeer, type SqsPeer } from "../../helpers/peers/index.ts";
import { recordDenials } from "../../helpers/cninodes-windows.ts";
import { startS3Peer, type S3Peer } from "./s3-peer.ts";

const dist = (name: string) => new URL(`../../../dist/functions/${name}.mjs`, import.meta.url).href;
const BUCKET = "cni-auditor-reports-fanout";
const ACCOUNTS = ["210000000001", "210000000002", "210000000003"];
const DENIED = "210000000003";
const REGIONS = ["eu-west-1", "us-east-1"];

let world: EksWorld;
let s3: S3Peer;
let dynamo: DynamoPeer;
let slack: SlackPeer;
const saved = { ...process.env };
beforeAll(async () => {
  [world, s3, dynamo, slack] = await Promise.all([
    // A small bucket: every account-region is throttled while it is audited.
    startEksWorld({
      accounts: ACCOUNTS,
      regions: REGIONS,
      clustersPerPartition: 3,
      latencyMs: [1, 3],
      throttle: { rate: 30, burst: 10 },
      denied: [DENIED],
    }),
    startS3Peer(),
    startDynamoPeer(),
    startSlackPeer(),
  ]);
});
afterAll(async () => {
  process.env = saved;
  await Promise.all([world.close(), s3.close(), dynamo.close(), slack.close()]);
});

type Handler = (event: unknown, context: Context) => Promise<any>;
let loads = 0;
async function coldStart(name: string, env: Record<string, string>): Promise<Handler> {
  process.env = {
    PATH: saved.PATH,
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: "AKIAW210000000000",
    AWS_SECRET_ACCESS_KEY: "base-secret",
    AWS_ENDPOINT_URL_EKS: world.endpoint,
    AWS_ENDPOINT_URL_STS: world.endpoint,
    AWS_ENDPOINT_URL_S3: s3.url,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_EC2_METADATA_DISABLED: "true",
    POWERTOOLS_LOG_LEVEL: "CRITICAL",
    REPORT_BUCKET: BUCKET,
    FLEET_REGIONS: REGIONS.join(","),
    FLEET_ACCOUNTS: ACCOUNTS.join(","),
    FLEET_ROLE_NAME: "cni-auditor-fleet-read",
    SLACK_WEBHOOK_URL: slack.webhookUrl,
    SLACK_MIN_SEVERITY: "info",
    FLEET_FANOUT_ABOVE: "2",
    ...env,
  };
  return ((await import(`${dist(name)}?load=${++loads}`)) as { handler: Handler }).handler;
}
const context = (): Context => ({ awsRequestId: `7f3c9a2e-${loads}`, getRemainingTimeInMillis: () => 600_000 }) as unknown as Context;

/** Lambda's event source mapping: receive a batch, invoke, delete what the function did not return. */
async function pump(
  sqs: SqsPeer,
  worker: Handler,
  opts: { drop?: (body: any) => boolean; deliverTwice?: (body: any) => boolean } = {},
): Promise<number> {
  const client = new SQSClient({
    region: "eu-west-1",
    endpoint: sqs.url,
    credentials: { accessKeyId: "AKIAW210000000000", secretAccessKey: "x" },
  });
  let invocations = 0;
  try {
    for (;;) {
      const got = await client.send(new ReceiveMessageCommand({ QueueUrl: sqs.queueUrl, MaxNumberOfMessages: 2 }));
      const messages = got.Messages ?? [];
      if (messages.length === 0) return invocations;
      const kept = messages.filter((m) => !opts.drop?.(JSON.parse(m.Body!)));
      const records = kept.flatMap((m) => {
        const r = { messageId: m.MessageId!, body: m.Body!, eventSource: "aws:sqs" };
        return opts.deliverTwice?.(JSON.parse(m.Body!)) ? [r, r] : [r];
      });
      const out = records.length ? await worker({ Records: records }, context()) : { batchItemFailures: [] };
      invocations++;
      const failed = new Set((out.batchItemFailures as Array<{ itemIdentifier: string }>).map((f) => f.itemIdentifier));
      // A dropped message is deleted unprocessed: its partition is lost (a worker that died for good).
      for (const m of messages)
        if (!failed.has(m.MessageId!))
          await client.send(new DeleteMessageCommand({ QueueUrl: sqs.queueUrl, ReceiptHandle: m.ReceiptHandle! }));
    }
  } finally {
    client.destroy();
  }
}

async function stage() {
  const [sqs, table] = await Promise.all([startSqsPeer(), dynamo.createTable("fanout")]);
  // The controller's cninodes 403s as the audit functions record them, on one cluster.
  const [account, region] = [ACCOUNTS[0]!, REGIONS[0]!];
  await recordDenials(dynamo.client, table, [[Date.now() - 60_000, Date.now() - 30_000]], { account, region, cluster: clusterName(account, region, 1) });
  const env = { AWS_ENDPOINT_URL_SQS: sqs.url, FLEET_QUEUE_URL: sqs.queueUrl, DEDUP_TABLE: table };
  const report = await coldStart("fleet-report", env);
  const worker = await coldStart("fleet-worker", env);
  return { sqs, report, worker };
}
const latest = () => JSON.parse(s3.objects.get(`${BUCKET}/latest/report.json`)!.body);

describe("fleet audit fanned out over SQS", () => {
  it("one message per account-region, every readable cluster in one report, the untrusting member listed, one summary; redelivery changes nothing", async () => {
    const { sqs, report, worker } = await stage();
    const dispatched = await report({ source: "aws.scheduler" }, context());
    expect(dispatched).toMatchObject({ fannedOut: true, partitions: ACCOUNTS.length * REGIONS.length });
    const partitions = sqs.messages.filter((m) => JSON.parse(m.body).kind === "partition");
    expect(
      partitions
        .map((m) => JSON.parse(m.body))
        .map((b) => `${b.account}/${b.region}`)
        .sort(),
    ).toEqual(ACCOUNTS.flatMap((a) => REGIONS.map((r) => `${a}/${r}`)).sort());
    // The deadline merge waits (delayed); the worker that completes the run asks for the merge.
    expect(sqs.messages.filter((m) => m.state === "delayed").map((m) => JSON.parse(m.body))).toEqual([
      { kind: "merge", runId: dispatched.runId, reason: "deadline" },
    ]);

    await pump(sqs, worker, { deliverTwice: (b) => b.kind === "partition" && b.account === ACCOUNTS[0] });
    const r = latest();
    const readable = ACCOUNTS.filter((a) => a !== DENIED).flatMap((a) =>
      REGIONS.flatMap((region) => [0, 1, 2].map((i) => clusterName(a, region, i))),
    );
    expect(r.clusters.map((c: any) => c.name).sort()).toEqual(readable.sort());
    const unreadable = r.unreadable ?? r.failures;
    expect(JSON.stringify(unreadable)).toContain(DENIED);
    expect(JSON.stringify(unreadable)).toContain("AccessDenied");
    // Throttled, and no cluster lost to it.
    const throttled = [...world.calls.values()].reduce((n, c) => n + c.throttled, 0);
    expect(throttled).toBeGreaterThan(0);
    expect(slack.messages()).toHaveLength(1);
    // The merge step read the table: the cluster with recorded denials has the RBAC gap, no other.
    const gap = r.findings.filter((f: any) => f.rule === "fleet/cninodes-rbac-gap");
    expect(gap.map((f: any) => [f.cluster, f.facts.denials])).toEqual([[clusterName(ACCOUNTS[0]!, REGIONS[0]!, 1), 2]]);

    // The deadline merge arrives later: the run is merged, nothing is sent again.
    sqs.releaseDelayed();
    await pump(sqs, worker);
    expect(slack.messages()).toHaveLength(1);
  });

  it("a partition whose worker never finished is reported by the deadline merge as not audited", async () => {
    const { sqs, report, worker } = await stage();
    const before = slack.messages().length;
    await report({ source: "aws.scheduler" }, context());
    const lost = { account: ACCOUNTS[1], region: REGIONS[1] };
    await pump(sqs, worker, { drop: (b) => b.kind === "partition" && b.account === lost.account && b.region === lost.region });
    // Not complete: no report yet from this run.
    expect(slack.messages()).toHaveLength(before);
    sqs.releaseDelayed();
    await pump(sqs, worker);
    expect(slack.messages()).toHaveLength(before + 1);
    const r = latest();
    const text = JSON.stringify(r);
    expect(text).toContain(NOT_AUDITED);
    expect(r.clusters.some((c: any) => c.name === clusterName(lost.account!, lost.region!, 0))).toBe(false);
    expect(r.clusters.some((c: any) => c.name === clusterName(ACCOUNTS[0]!, REGIONS[0]!, 0))).toBe(true);
  });

  it("a fleet at or below the threshold is one single run, no message", async () => {
    const { sqs } = await stage();
    const single = await coldStart("fleet-report", {
      AWS_ENDPOINT_URL_SQS: sqs.url,
      FLEET_QUEUE_URL: sqs.queueUrl,
      DEDUP_TABLE: "unused",
      FLEET_FANOUT_ABOVE: "100",
    });
    const out = await single({ source: "aws.scheduler" }, context());
    expect(out.fannedOut).toBeUndefined();
    expect(out.clusters).toBe(12);
    expect(sqs.messages).toHaveLength(0);
  });
});
