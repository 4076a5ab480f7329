// Each function's IAM statements are exactly the AWS calls its code makes.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { KINESIS_READ_ACTIONS, POLICY_OF_HANDLER, SQS_MAPPING_ACTIONS, type PolicyInputs } from "../../../infra/permissions.ts";
import { sdkActions } from "./sdk-calls.ts";

const inputs: PolicyInputs<string> = {
  partition: "aws",
  account: "111122223333",
  region: "eu-west-1",
  table: "arn:aws:dynamodb:eu-west-1:111122223333:table/dedup",
  topic: "arn:aws:sns:eu-west-1:111122223333:alerts",
  topicKey: "arn:aws:kms:eu-west-1:111122223333:key/k",
  bucket: "arn:aws:s3:::reports",
  dlq: "arn:aws:sqs:eu-west-1:111122223333:failed",
  fleetRoleName: "cni-auditor-fleet-read",
  fleetAccounts: ["444455556666", "777788889999"],
  secrets: { slack: "arn:aws:ssm:eu-west-1:111122223333:parameter/cni-auditor/test/slack-webhook-url" },
  enabledSinks: ["securityhub"],
  join: (...parts) => parts.join(""),
  logStream: "arn:aws:kinesis:eu-west-1:111122223333:stream/cni-auditor-central-logs",
  fleetQueue: "arn:aws:sqs:eu-west-1:111122223333:cni-auditor-fleet",
  // A central stage's sweep reads audit-source-silent's metrics in these members.
  sourceAccounts: ["444455556666"],
};

const handlers = readdirSync(new URL("../../../functions/", import.meta.url))
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
  .map((f) => `functions/${f}`);

describe("IAM statements per function", () => {
  it("every handler in functions/ has a policy, and every policy a handler", () => {
    expect(handlers.sort()).toEqual(Object.keys(POLICY_OF_HANDLER).sort());
  });

  for (const [handler, policyOf] of Object.entries(POLICY_OF_HANDLER)) {
    it(`${handler}: declared calls = the SDK commands its code reaches`, async () => {
      const policy = policyOf(inputs);
      const declared = [...new Set(policy.calls.flatMap((s) => s.actions))].sort();
      expect(declared).toEqual(await sdkActions(handler));
    });

    it(`${handler}: only delivery/encryption extras, no wildcard actions, no empty statements`, () => {
      const policy = policyOf(inputs);
      const calls = policy.calls.flatMap((s) => s.actions);
      const extras = policy.platform.flatMap((s) => s.actions).sort();
      // Lambda's on-failure destination; SNS encrypting with the topic key for a publisher;
      // ListBucket so S3 reports a missing object as NoSuchKey, not AccessDenied; the stream
      // reader's event source mapping reads its stream (issue 18).
      const expected = [
        "sqs:SendMessage",
        ...(handler === "functions/audit-log-stream.ts" ? KINESIS_READ_ACTIONS : []),
        // The fleet worker's event source mapping polls the fleet queue (issue 18).
        ...(handler === "functions/fleet-worker.ts" ? SQS_MAPPING_ACTIONS : []),
        ...(calls.includes("sns:Publish") ? ["kms:Decrypt", "kms:GenerateDataKey"] : []),
        ...(calls.includes("s3:GetObject") ? ["s3:ListBucket"] : []),
      ].sort();
      expect(extras).toEqual(expected);
      for (const s of [...policy.calls, ...policy.platform]) {
        expect(s.resources.length).toBeGreaterThan(0);
        for (const a of s.actions) expect(a).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
      }
    });
  }

  it("scopes resources: the table, the topic, the reports prefix, the member role in the configured accounts, the one secret", () => {
    const fleet = POLICY_OF_HANDLER["functions/fleet-report.ts"](inputs);
    const resourcesOf = (action: string) => fleet.calls.find((s) => s.actions.includes(action))?.resources;
    // Issue 16: only the configured accounts' role (was the role name in any account).
    expect(resourcesOf("sts:AssumeRole")).toEqual([
      "arn:aws:iam::444455556666:role/cni-auditor-fleet-read",
      "arn:aws:iam::777788889999:role/cni-auditor-fleet-read",
    ]);
    expect(resourcesOf("ssm:GetParameter")).toEqual([inputs.secrets.slack]);
    expect(resourcesOf("s3:PutObject")).toEqual(["arn:aws:s3:::reports/*"]);
    expect(resourcesOf("s3:GetObject")).toEqual(["arn:aws:s3:::reports/*"]);
    expect(fleet.platform.find((s) => s.actions.includes("s3:ListBucket"))?.resources).toEqual(["arn:aws:s3:::reports"]);
    expect(resourcesOf("eks:DescribeCluster")).toEqual(["arn:aws:eks:*:111122223333:cluster/*"]);
    // Only the calls without resource-level permissions use "*".
    const star = fleet.calls.filter((s) => s.resources.includes("*")).flatMap((s) => s.actions).sort();
    expect(star).toEqual(["eks:DescribeAddonVersions", "eks:DescribeClusterVersions", "eks:ListClusters"]);
    const audit = POLICY_OF_HANDLER["functions/audit-logs.ts"](inputs);
    const product = "arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default";
    const hub = "arn:aws:securityhub:eu-west-1:111122223333:hub/default";
    expect(audit.calls.flatMap((s) => s.resources).sort()).toEqual([inputs.topic, inputs.table, inputs.secrets.slack!, product, hub].sort());
    // Security Hub: imports only under this account's default product, reads only its own hub.
    const resourcesOfAudit = (action: string) => audit.calls.find((s) => s.actions.includes(action))?.resources;
    expect([resourcesOfAudit("securityhub:BatchImportFindings"), resourcesOfAudit("securityhub:GetFindings")]).toEqual([[product], [hub]]);
    // The central stream's reader: the audit-logs calls, and reads of its one stream.
    const stream = POLICY_OF_HANDLER["functions/audit-log-stream.ts"](inputs);
    expect(stream.calls).toEqual(audit.calls);
    expect(stream.platform.find((s) => s.actions.includes("kinesis:GetRecords"))?.resources).toEqual([inputs.logStream]);
  });

  it("the sweep reads its own account's EKS log groups and metrics, and assumes only the central stage's member roles", () => {
    const sweep = POLICY_OF_HANDLER["functions/sweep.ts"](inputs);
    const resourcesOf = (action: string) => sweep.calls.find((s) => s.actions.includes(action))?.resources;
    expect(resourcesOf("logs:DescribeLogGroups")).toEqual(["arn:aws:logs:*:111122223333:log-group:*"]);
    expect(resourcesOf("cloudwatch:GetMetricData")).toEqual(["*"]);
    expect(resourcesOf("sts:AssumeRole")).toEqual(["arn:aws:iam::444455556666:role/cni-auditor-fleet-read"]);
  });

  it("only the sweep may Scan the table; without member accounts there is no sts:AssumeRole, without a secret no ssm:GetParameter", () => {
    const actionsOf = (h: keyof typeof POLICY_OF_HANDLER, p = inputs) => POLICY_OF_HANDLER[h](p).calls.flatMap((s) => s.actions);
    expect(Object.keys(POLICY_OF_HANDLER).filter((h) => actionsOf(h as keyof typeof POLICY_OF_HANDLER).includes("dynamodb:Scan"))).toEqual(["functions/sweep.ts"]);
    const bare = { ...inputs, fleetAccounts: [], secrets: {} };
    expect(actionsOf("functions/fleet-report.ts", bare)).not.toContain("sts:AssumeRole");
    // The sweep assumes a member role only in a central stage (sourceAccounts set by infra/report.ts).
    expect(actionsOf("functions/sweep.ts", { ...inputs, sourceAccounts: [] })).not.toContain("sts:AssumeRole");
    for (const h of Object.keys(POLICY_OF_HANDLER)) expect(actionsOf(h as keyof typeof POLICY_OF_HANDLER, bare)).not.toContain("ssm:GetParameter");
    // Security Hub is opt-in: not turned on, no securityhub:* at all.
    const off = { ...inputs, enabledSinks: [] };
    for (const h of Object.keys(POLICY_OF_HANDLER)) expect(actionsOf(h as keyof typeof POLICY_OF_HANDLER, off).filter((a) => a.startsWith("securityhub:"))).toEqual([]);
  });
});
