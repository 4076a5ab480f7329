// "The same record" (DESIGN.md "Windows and delivery"): a true redelivery counts once; records
// that share an id (a client-chosen Audit-ID, a replayed eventID) but differ in content all count,
// and the alerts do not depend on the order of files or lines.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../../shared/config.ts";
import { MemoryStore } from "../../../shared/store/memory-store.ts";
import { evaluate } from "../../../shared/pipeline.ts";
import { toAlert } from "../../../shared/rules/alert.ts";
import { decodeBytes } from "../../../shared/sources/index.ts";

const CHOSEN_ID = "11111111-2222-4333-8444-555555555555";

function audit(verb: string, uri: string, user: string, at: string, extra: Record<string, unknown> = {}) {
  return {
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "Metadata",
    auditID: CHOSEN_ID,
    stage: "ResponseComplete",
    requestURI: uri,
    verb,
    user: { username: user, groups: ["system:authenticated"] },
    userAgent: "kubectl/v1.31.0",
    responseStatus: { code: 200 },
    requestReceivedTimestamp: at,
    stageTimestamp: at,
    ...extra,
  };
}

// A harmless read sent first with a chosen Audit-ID, then a write to aws-node reusing it.
const harmless = audit("get", "/api/v1/namespaces/default/pods", "dev", "2026-05-01T10:00:00.000000Z", {
  objectRef: { resource: "pods", namespace: "default", apiVersion: "v1" },
});
const write = audit("patch", "/apis/apps/v1/namespaces/kube-system/daemonsets/aws-node?fieldManager=kubectl-edit", "dev", "2026-05-01T10:05:00.000000Z", {
  objectRef: { resource: "daemonsets", namespace: "kube-system", name: "aws-node", apiGroup: "apps", apiVersion: "v1" },
});
const secondWrite = { ...write, requestURI: write.requestURI.replace("kubectl-edit", "kubectl-patch"), stageTimestamp: "2026-05-01T10:06:00.000000Z", requestReceivedTimestamp: "2026-05-01T10:06:00.000000Z" };

function denied(eventID: string, time: string, role: string) {
  return {
    eventVersion: "1.09",
    userIdentity: {
      type: "AssumedRole",
      arn: `arn:aws:sts::111122223333:assumed-role/${role}/i-0abc1234def567890`,
      accountId: "111122223333",
      sessionContext: { sessionIssuer: { type: "Role", arn: `arn:aws:iam::111122223333:role/${role}` }, ec2RoleDelivery: "2.0" },
    },
    eventTime: time,
    eventSource: "ec2.amazonaws.com",
    eventName: "CreateNetworkInterface",
    awsRegion: "eu-west-1",
    userAgent: "amazon-vpc-cni-k8s/v1.19.2",
    errorCode: "Client.UnauthorizedOperation",
    requestParameters: { subnetId: "subnet-0a1b2c3d", description: "aws-K8S-i-0abc1234def567890" },
    eventID,
    recipientAccountId: "111122223333",
  };
}
const ctA = denied("aaaaaaaa-0000-4000-8000-000000000001", "2026-05-01T10:01:00Z", "nodes-a");
const ctB = denied("aaaaaaaa-0000-4000-8000-000000000001", "2026-05-01T10:02:00Z", "nodes-b"); // same id, other call

const line = (v: unknown): string => JSON.stringify(v);
/** Files as lines: a redelivered copy of `write` sits in a second file, in another carrier. */
const FILES: Array<{ name: string; lines: string[] }> = [
  { name: "a.jsonl", lines: [line(harmless), line(write), line(ctA)] },
  { name: "b.json", lines: [line({ events: [{ logStreamName: "kube-apiserver-audit-1", timestamp: 1, message: line(write), eventId: "3700" }] })] },
  { name: "c.jsonl", lines: [line(secondWrite), line(ctB), line(ctA)] },
];

async function replay(files: Array<{ name: string; lines: string[] }>): Promise<string> {
  const events = files.flatMap((f) =>
    decodeBytes(Buffer.from(f.lines.join("\n") + "\n"), f.name, { defaults: { cluster: "prod", account: "111122223333", region: "eu-west-1" } }).events,
  );
  const config = defaultConfig();
  const { findings } = evaluate(events, config);
  const store = new MemoryStore();
  await store.apply(findings, { batchId: "replay", windowMs: config.windowMs });
  return store
    .windows()
    .map(toAlert)
    .map((a) => JSON.stringify(a))
    .sort()
    .join("\n");
}

describe("record identity", () => {
  it("counts a write that reuses an earlier request's Audit-ID, and a true redelivery once", async () => {
    const alerts = (await replay(FILES)).split("\n").map((l) => JSON.parse(l) as { rule: string; count: number });
    expect(alerts.find((a) => a.rule === "aws-node-modified")?.count).toBe(2); // write (twice delivered) + secondWrite
    const eni = alerts.filter((a) => a.rule === "eni-unauthorized");
    expect(eni.map((a) => a.count).sort()).toEqual([1, 1]); // same eventID, two roles: both count; ctA's copy once
  });

  it("gives the same alerts byte for byte whatever the order of files and lines", async () => {
    const expected = await replay(FILES);
    const lineOrders = FILES.map((f) => fc.shuffledSubarray(f.lines, { minLength: f.lines.length, maxLength: f.lines.length }));
    const fileOrder = fc.shuffledSubarray([0, 1, 2], { minLength: 3, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(fileOrder, fc.tuple(...lineOrders), async (order, lines) => {
        const shuffled = order.map((i) => ({ name: FILES[i]!.name, lines: lines[i]! }));
        expect(await replay(shuffled)).toBe(expected);
      }),
      { numRuns: 60 },
    );
  });
});
