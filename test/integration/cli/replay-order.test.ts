// Order independence on replay's own path (the built binary: streaming decode, the collector's
// record identity, time bound by --now): shuffling files and the lines inside them gives the same
// alerts byte for byte. The input mixes what makes order matter if identity is wrong: a write
// reusing an earlier request's chosen Audit-ID, a true redelivery in another carrier, two calls
// sharing a CloudTrail eventID, CloudTrail inside CloudWatch Logs, a forged far-future record.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cli } from "../../helpers/cli.ts";

const CHOSEN_ID = "11111111-2222-4333-8444-555555555555";
const NOW = ["--now", "2026-05-01T12:00:00Z"];

function audit(verb: string, uri: string, at: string, objectRef: Record<string, string>) {
  const user = { username: "dev", groups: ["system:authenticated"] };
  return { kind: "Event", apiVersion: "audit.k8s.io/v1", level: "Metadata", auditID: CHOSEN_ID, stage: "ResponseComplete", requestURI: uri, verb, user, objectRef, responseStatus: { code: 200 }, requestReceivedTimestamp: at, stageTimestamp: at };
}
const DS = { resource: "daemonsets", namespace: "kube-system", name: "aws-node", apiGroup: "apps", apiVersion: "v1" };
const harmless = audit("get", "/api/v1/namespaces/default/pods", "2026-05-01T10:00:00.000000Z", { resource: "pods", namespace: "default", apiVersion: "v1" });
const write = audit("patch", "/apis/apps/v1/namespaces/kube-system/daemonsets/aws-node?fieldManager=kubectl-edit", "2026-05-01T10:05:00.000000Z", DS);
const rewrite = audit("patch", "/apis/apps/v1/namespaces/kube-system/daemonsets/aws-node?fieldManager=kubectl-patch", "2026-05-01T10:06:00.000000Z", DS);
const forged = audit("delete", "/apis/apps/v1/namespaces/kube-system/daemonsets/aws-node", "2099-01-01T00:00:00.000000Z", DS);

function denied(role: string, time: string) {
  return {
    eventVersion: "1.09",
    userIdentity: { type: "AssumedRole", arn: `arn:aws:sts::111122223333:assumed-role/${role}/i-0abc1234def567890`, accountId: "111122223333", sessionContext: { sessionIssuer: { type: "Role", arn: `arn:aws:iam::111122223333:role/${role}` }, ec2RoleDelivery: "2.0" } },
    eventTime: time,
    eventSource: "ec2.amazonaws.com",
    eventName: "CreateNetworkInterface",
    awsRegion: "eu-west-1",
    userAgent: "amazon-vpc-cni-k8s/v1.19.2",
    errorCode: "Client.UnauthorizedOperation",
    requestParameters: { subnetId: "subnet-0a1b2c3d", description: "aws-K8S-i-0abc1234def567890" },
    eventID: "aaaaaaaa-0000-4000-8000-000000000001", // shared by both calls
    recipientAccountId: "111122223333",
  };
}
const ctA = denied("nodes-a", "2026-05-01T10:01:00Z");
const ctB = denied("nodes-b", "2026-05-01T10:02:00Z");
const line = (v: unknown): string => JSON.stringify(v);
const logEvent = (stream: string, message: unknown, id: string) => line({ events: [{ logStreamName: stream, timestamp: 1777629900000, message: line(message), eventId: id }] });

const FILES: Array<{ name: string; lines: string[] }> = [
  { name: "a.jsonl", lines: [line(harmless), line(write), line(ctA), line(forged)] },
  { name: "b.jsonl", lines: [logEvent("kube-apiserver-audit-1", write, "3700"), logEvent("111122223333_CloudTrail_eu-west-1", ctB, "3701")] },
  { name: "c.jsonl", lines: [line(rewrite), line(ctB), line(ctA)] },
];

function replay(files: Array<{ name: string; lines: string[] }>): { stdout: string; summary: string } {
  const dir = mkdtempSync(join(tmpdir(), "cni-order-"));
  const paths = files.map((f) => {
    const p = join(dir, f.name);
    writeFileSync(p, `${f.lines.join("\n")}\n`);
    return p;
  });
  const r = cli(["replay", "--json", ...NOW, "--cluster", "prod", ...paths]);
  expect(r.code).toBe(0);
  return { stdout: r.stdout, summary: r.stderr.split("\n").find((l) => l.startsWith("files "))!.replace(/^files \d+, /, "") };
}

describe("replay's alerts do not depend on the order of files and lines", () => {
  const expected = replay(FILES);

  it("counts what identity says, on replay's path", () => {
    const alerts = expected.stdout.trim().split("\n").map((l) => JSON.parse(l) as { rule: string; count: number; severity: string });
    // write (delivered twice, once per carrier) + rewrite; the forged delete is bounded to --now.
    expect(alerts.filter((a) => a.rule === "aws-node-modified").map((a) => a.count).sort()).toEqual([1, 2]);
    expect(alerts.filter((a) => a.rule === "eni-unauthorized").map((a) => a.count)).toEqual([1, 1]); // same eventID, two calls
    expect(expected.summary).toMatch(/implausible 1/);
  });

  it("gives the same alerts byte for byte under shuffles (property)", () => {
    const lineOrders = FILES.map((f) => fc.shuffledSubarray(f.lines, { minLength: f.lines.length, maxLength: f.lines.length }));
    const fileOrder = fc.shuffledSubarray([0, 1, 2], { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(fileOrder, fc.tuple(...lineOrders), (order, lines) => {
        const got = replay(order.map((i, k) => ({ name: `${k}-${FILES[i]!.name}`, lines: lines[i]! })));
        expect(got.stdout).toBe(expected.stdout);
        expect(got.summary).toBe(expected.summary);
      }),
      { numRuns: 12 },
    );
  });
});
