// `cni-auditor replay` reading AWS directly, the built binary with the real SDK clients pointed
// at loopback peers speaking the wire protocols (CloudWatch Logs JSON 1.1, S3 REST XML):
// FilterLogEvents with the rules' filter pattern (counted at the peer: bytes grow with candidate
// events, not with all events), pagination, parallel time slices, throttling; S3 listings by
// date folder in both trail layouts, --since/--until pruning, an access-denied prefix reported.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import type { Alert } from "../../../shared/types.ts";
import { BIN, jsonLines, REPO } from "../../helpers/cli.ts";
import { startLogsPeer, type LogEvent, type LogsPeer } from "../../helpers/peers/cloudwatch-logs.ts";
import { startS3Peer, type S3Peer } from "../../helpers/peers/s3.ts";

const SAMPLES = "test/fixtures/sources";
const cninodes = JSON.parse(readFileSync(`${SAMPLES}/audit-403-cninodes.json`, "utf8")) as Record<string, unknown>;
const denied = JSON.parse(readFileSync(`${SAMPLES}/eventbridge-ec2-unauthorized-createnetworkinterface.json`, "utf8")).detail as Record<string, unknown>;
const T0 = Date.parse("2026-11-19T08:00:00Z");
const HOME = mkdtempSync(join(tmpdir(), "cni-replay-aws-home-"));

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO,
      // Credentials from the environment (the first link of the user's chain); no profile files.
      env: { PATH: process.env.PATH, HOME, AWS_ACCESS_KEY_ID: "AKIDREPLAYTEST", AWS_SECRET_ACCESS_KEY: "secret", AWS_REGION: "eu-west-1", AWS_EC2_METADATA_DISABLED: "true", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const audit = (i: number, extra: Record<string, unknown> = {}): LogEvent => {
  const t = T0 + i * 1000;
  const iso = new Date(t).toISOString();
  const record = { ...cninodes, auditID: `a-${i}`, requestReceivedTimestamp: iso, stageTimestamp: iso, ...extra };
  return { logStreamName: "kube-apiserver-audit-0123456789abcdef", timestamp: t, message: JSON.stringify(record) };
};
const benign = (i: number): LogEvent => audit(i, { verb: "get", user: { username: "system:kube-scheduler" }, responseStatus: { code: 200 }, objectRef: { resource: "pods", namespace: "default", name: `p-${i}` } });
/** `candidates` cninodes 403s among `others` routine reads (ids from `from`). */
const group = (candidates: number, others: number, from = 0): LogEvent[] => [
  ...Array.from({ length: others }, (_, i) => benign(from + i)),
  ...Array.from({ length: candidates }, (_, i) => audit(from + others + i)),
];
const SINCE = ["--since", "2026-11-19T07:00:00Z", "--until", "2026-11-19T12:00:00Z", "--now", "2026-11-20T00:00:00Z"];

let logs: LogsPeer | undefined;
let s3: S3Peer | undefined;
afterEach(async () => {
  await logs?.close();
  await s3?.close();
  logs = s3 = undefined;
});

describe("replay --log-group (FilterLogEvents)", () => {
  const pull = async (events: LogEvent[], extra: string[] = [], throttle = 0) => {
    logs = await startLogsPeer({ groups: { "/aws/eks/prod/cluster": events }, pageSize: 3, throttle });
    const r = await run(["replay", "--json", "--log-group", "/aws/eks/prod/cluster", ...SINCE, ...extra], { AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: logs.url });
    return { ...r, bytes: logs.bytesSent(), calls: logs.calls("FilterLogEvents") };
  };

  it("reads a group with the rules' filter pattern, paginated, over parallel time slices", async () => {
    const r = await pull(group(7, 200));
    expect(r.code, r.stderr).toBe(0);
    const alerts = jsonLines<Alert>(r.stdout);
    expect(alerts.map((a) => [a.rule, a.cluster, a.region, a.count])).toEqual([["cninodes-forbidden", "prod", "eu-west-1", 7]]);
    const bodies = r.calls.map((c) => JSON.parse(c.body) as { filterPattern?: string; startTime: number; nextToken?: string });
    expect(new Set(bodies.map((b) => b.filterPattern)).size).toBe(1);
    expect(bodies[0]!.filterPattern).toContain("$.responseStatus.code");
    expect(new Set(bodies.map((b) => b.startTime)).size).toBe(5); // 5 hours: 5 slices
    expect(bodies.some((b) => b.nextToken !== undefined)).toBe(true);
    expect(r.stderr).toMatch(/files 1, records 7, events 7, matched 7, alerts 1/);
  });

  it("transfers bytes that grow with candidate events, not with all events", async () => {
    const few = await pull(group(5, 100));
    const many = await pull(group(5, 3000));
    const more = await pull(group(60, 100));
    expect(jsonLines<Alert>(many.stdout)[0]?.count).toBe(5);
    // 30x the events, the same candidates: the same bytes on the wire, give or take event ids.
    expect(many.bytes).toBeLessThan(few.bytes * 1.1);
    // 12x the candidates: at least 8x the bytes.
    expect(more.bytes).toBeGreaterThan(few.bytes * 8);
  });

  it("retries through throttling (the SDK's adaptive retry)", async () => {
    const r = await pull(group(3, 10), [], 2);
    expect(r.code, r.stderr).toBe(0);
    expect(logs!.throttled()).toBe(2);
    expect(jsonLines<Alert>(r.stdout)[0]?.count).toBe(3);
  });

  it("--log-group-prefix reads every group under the prefix (DescribeLogGroups, paginated)", async () => {
    logs = await startLogsPeer({ groups: { "/aws/eks/a/cluster": group(1, 3, 0), "/aws/eks/b/cluster": group(2, 3, 100), "/aws/eks/c/cluster": group(3, 3, 200), "/other/app": [benign(1)] }, pageSize: 4 });
    const r = await run(["replay", "--json", "--log-group-prefix", "/aws/eks/", ...SINCE], { AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: logs.url });
    expect(r.code, r.stderr).toBe(0);
    expect(jsonLines<Alert>(r.stdout).map((a) => [a.cluster, a.count]).sort()).toEqual([["a", 1], ["b", 2], ["c", 3]]);
    expect(logs.calls("DescribeLogGroups").length).toBe(2);
  });

  it("needs --since", async () => {
    const r = await run(["replay", "--log-group", "/aws/eks/prod/cluster"], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--since");
  });
});

const trailFile = (region: string, account: string, times: string[]): Buffer =>
  gzipSync(JSON.stringify({ Records: times.map((t, i) => ({ ...denied, eventTime: t, eventID: `${account}-${t}-${i}`, awsRegion: region, recipientAccountId: account })) }));

function countsByAccount(stdout: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of jsonLines<Alert>(stdout)) out[a.account ?? "-"] = (out[a.account ?? "-"] ?? 0) + a.count;
  return out;
}

describe("replay s3://bucket/prefix/ (ListObjectsV2, GetObject)", () => {
  const objects = {
    "AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/17/111122223333_CloudTrail_eu-west-1_20261117T0800Z_a.json.gz": trailFile("eu-west-1", "111122223333", ["2026-11-17T07:58:00Z"]),
    "AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/19/111122223333_CloudTrail_eu-west-1_20261119T0800Z_b.json.gz": trailFile("eu-west-1", "111122223333", ["2026-11-19T07:58:00Z", "2026-11-19T07:59:00Z"]),
    "AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/19/111122223333_CloudTrail_eu-west-1_20261119T0900Z_c.json.gz": trailFile("eu-west-1", "111122223333", ["2026-11-19T08:58:00Z"]),
    "AWSLogs/111122223333/CloudTrail-Digest/eu-west-1/2026/11/19/digest.json.gz": gzipSync("{}"),
    "AWSLogs/o-a1b2c3d4e5/444455556666/CloudTrail/us-east-1/2026/11/19/444455556666_CloudTrail_us-east-1_20261119T0800Z_d.json.gz": trailFile("us-east-1", "444455556666", ["2026-11-19T07:57:00Z"]),
    "AWSLogs/999988887777/CloudTrail/eu-west-1/2026/11/19/999988887777_CloudTrail_eu-west-1_20261119T0800Z_e.json.gz": trailFile("eu-west-1", "999988887777", ["2026-11-19T07:57:00Z"]),
  };

  it("lists both layouts, streams every object, reports the access-denied prefix and reads the rest", async () => {
    s3 = await startS3Peer({ bucket: "trail", objects, denied: ["AWSLogs/999988887777/"], pageSize: 2 });
    const r = await run(["replay", "--json", "--now", "2026-11-20T00:00:00Z", "s3://trail/AWSLogs/"], { AWS_ENDPOINT_URL_S3: s3.url });
    expect(r.code).toBe(2); // an input could not be read
    expect(r.stderr).toContain("cannot read s3://trail/AWSLogs/999988887777/: AccessDenied");
    expect(countsByAccount(r.stdout)).toEqual({ "111122223333": 4, "444455556666": 1 });
    expect(s3.requests.filter((q) => q.startsWith("GET ")).length).toBe(4);
    expect(s3.requests.some((q) => q.includes("CloudTrail-Digest"))).toBe(false);
  });

  it("--since/--until prune the date folders outside the range", async () => {
    s3 = await startS3Peer({ bucket: "trail", objects, pageSize: 2 });
    const r = await run(["replay", "--json", ...SINCE, "s3://trail/AWSLogs/"], { AWS_ENDPOINT_URL_S3: s3.url });
    expect(r.code, r.stderr).toBe(0);
    expect(s3.requests.some((q) => q.includes("/2026/11/17/"))).toBe(false);
    expect(s3.requests.filter((q) => q.startsWith("GET ")).length).toBe(4);
    expect(countsByAccount(r.stdout)).toEqual({ "111122223333": 3, "444455556666": 1, "999988887777": 1 });
  });
});
