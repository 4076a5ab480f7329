// The fleet fan-out under Pulumi mocks (sst-mocks.ts): the fleet queue with its dead-letter queue,
// the fleet-worker function on it (one message per invocation, partial batch responses), the
// permissions of both fleet functions, and no queue at all when the setting turns fan-out off.
import { beforeAll, describe, expect, it } from "vitest";
import { loadInfraConfig } from "../../../infra/config.ts";
import { FLEET_QUEUE, FLEET_WORKER_TIMEOUT_SECONDS } from "../../../infra/fleet-fanout-settings.ts";
import { SQS_MAPPING_ACTIONS } from "../../../infra/permissions.ts";
import { plan, type Plan, type PlannedResource } from "./sst-mocks.ts";

const ACCOUNTS = ["444455556666", "777788889999"];
const on = loadInfraConfig("fanout", { CNI_AUDITOR_FLEET_ACCOUNTS: ACCOUNTS.join(","), CNI_AUDITOR_FLEET_REGIONS: "eu-west-1,us-east-1" });
const off = loadInfraConfig("single", {}, { single: { fleet: { fanoutAbove: null } } });

let p: Plan;
let single: Plan;
beforeAll(async () => {
  const auditor = "../../../infra/auditor.ts";
  const { deployAuditor } = await import(/* @vite-ignore */ auditor);
  p = await plan("fanout", () => deployAuditor(on));
  single = await plan("single", () => deployAuditor(off));
}, 300_000);

function one(plan: Plan, type: string, name: string): PlannedResource {
  const found = plan.resources.filter((r) => r.type === type && r.name === name);
  expect(found, `${type} ${name}`).toHaveLength(1);
  return found[0]!;
}
const statements = (role: PlannedResource): any[] =>
  (role.inputs.inlinePolicies ?? []).flatMap((x: { policy: string }) => JSON.parse(x.policy).Statement);
const granting = (role: PlannedResource, action: string) => statements(role).filter((s) => [s.Action].flat().includes(action));

describe("fleet fan-out", () => {
  it("the fleet queue: encrypted, six times the worker's timeout of visibility, redriven to its DLQ after a few receives", () => {
    const queue = one(p, "aws:sqs/queue:Queue", "FleetQueue");
    const dlq = one(p, "aws:sqs/queue:Queue", "FleetQueueDLQ");
    expect(queue.inputs).toMatchObject({ visibilityTimeoutSeconds: 6 * FLEET_WORKER_TIMEOUT_SECONDS, sqsManagedSseEnabled: true });
    expect(JSON.parse(queue.inputs.redrivePolicy)).toEqual({
      deadLetterTargetArn: dlq.state.arn,
      maxReceiveCount: FLEET_QUEUE.maxReceiveCount,
    });
  });

  it("the worker reads it one message at a time with partial batch responses", () => {
    const fn = one(p, "aws:lambda/function:Function", "FleetWorkerFunction");
    expect(fn.inputs).toMatchObject({ memorySize: 512, timeout: FLEET_WORKER_TIMEOUT_SECONDS });
    expect(p.builds.map((b) => b.handler)).toContain("functions/fleet-worker.handler");
    expect(single.builds.map((b) => b.handler)).not.toContain("functions/fleet-worker.handler");
    const mapping = one(p, "aws:lambda/eventSourceMapping:EventSourceMapping", "FleetWorkerMapping");
    expect(mapping.inputs).toMatchObject({
      eventSourceArn: one(p, "aws:sqs/queue:Queue", "FleetQueue").state.arn,
      batchSize: 1,
      functionResponseTypes: ["ReportBatchItemFailures"],
    });
    const env = fn.inputs.environment.variables;
    const reportEnv = one(p, "aws:lambda/function:Function", "FleetReportFunction").inputs.environment.variables;
    expect(env.FLEET_QUEUE_URL).toBe(one(p, "aws:sqs/queue:Queue", "FleetQueue").state.url);
    expect(reportEnv.FLEET_QUEUE_URL).toBe(env.FLEET_QUEUE_URL);
    expect(reportEnv.FLEET_FANOUT_ABOVE).toBe("8");
    for (const k of ["REPORT_BUCKET", "DEDUP_TABLE", "FLEET_REGIONS", "FLEET_ACCOUNTS", "FLEET_ROLE_NAME"])
      expect(env[k], k).toBe(reportEnv[k]);
  });

  it("permissions: the report dispatches to the queue; the worker polls it, asks for the merge on it, keeps the run in the table, assumes only the member roles", () => {
    const queue = one(p, "aws:sqs/queue:Queue", "FleetQueue").state.arn;
    const table = one(p, "aws:dynamodb/table:Table", "DedupTableTable").state.arn;
    const report = one(p, "aws:iam/role:Role", "FleetReportRole");
    const worker = one(p, "aws:iam/role:Role", "FleetWorkerRole");
    expect(
      granting(report, "sqs:SendMessage")
        .map((s) => s.Resource)
        .flat(),
    ).toContain(queue);
    expect(granting(report, "sqs:ReceiveMessage")).toEqual([]);
    expect(granting(worker, "sqs:ReceiveMessage")).toEqual([{ Effect: "Allow", Action: SQS_MAPPING_ACTIONS, Resource: [queue] }]);
    expect(
      granting(worker, "sqs:SendMessage")
        .map((s) => s.Resource)
        .flat(),
    ).toContain(queue);
    expect(granting(worker, "dynamodb:UpdateItem")).toEqual([
      { Effect: "Allow", Action: ["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"], Resource: [table] },
    ]);
    expect(granting(worker, "sts:AssumeRole")[0].Resource).toEqual(ACCOUNTS.map((a) => `arn:aws:iam::${a}:role/cni-auditor-fleet-read`));
    // The merge step reads the cninodes-forbidden windows (shared/store/cninodes-denials.ts), as the report does.
    expect(granting(worker, "dynamodb:BatchGetItem")).toEqual(granting(worker, "dynamodb:UpdateItem"));
    expect(granting(report, "dynamodb:BatchGetItem")).toEqual([{ Effect: "Allow", Action: ["dynamodb:BatchGetItem", "dynamodb:GetItem"], Resource: [table] }]);
    expect(granting(worker, "dynamodb:Scan")).toEqual([]);
  });

  it("fanoutAbove null: no queue, no worker, the report cannot send to a queue", () => {
    const types = single.resources.map((r) => `${r.type} ${r.name}`);
    expect(types.filter((t) => /FleetQueue|FleetWorker/.test(t))).toEqual([]);
    expect(one(single, "aws:lambda/function:Function", "FleetReportFunction").inputs.environment.variables.FLEET_QUEUE_URL).toBeUndefined();
    expect(
      granting(one(single, "aws:iam/role:Role", "FleetReportRole"), "sqs:SendMessage")
        .map((s) => s.Resource)
        .flat(),
    ).toEqual([one(single, "aws:sqs/queue:Queue", "FailedEvents").state.arn]);
  });
});
