// Coverage on the wire: a CloudTrail CreateLogGroup of a new cluster's control-plane log group
// reaches the cloudtrail function, which subscribes the group with the deploy's filter (the
// real CloudWatch Logs client against a loopback peer speaking its JSON protocol).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHandler } from "../../../functions/lambda/handler.ts";
import { runCloudTrail } from "../../../functions/lambda/runs.ts";
import { coverage } from "../../../functions/lambda/run-cloudtrail.ts";
import { logsSubscriber } from "../../../functions/lambda/coverage.ts";
import { FAKE_CREDENTIALS, startLoopbackServer, TEST_REGION, type LoopbackServer } from "../../helpers/peers/index.ts";
import { clientsFor, lambdaContext, lambdaEnv, useWorld, type World } from "../lambda/harness.ts";

const AUDIT_FN = "arn:aws:lambda:eu-west-1:444455556666:function:cni-auditor-test-AuditLogsFunction";
let world: World;
let logs: LoopbackServer;
let table: string;
let n = 0;

useWorld((w) => void (world = w));
beforeAll(async () => {
  logs = await startLoopbackServer((req) => {
    const target = String(req.headers["x-amz-target"] ?? "");
    const input = JSON.parse(req.body) as { logGroupName: string };
    if (target !== "Logs_20140328.PutSubscriptionFilter") return { status: 400, body: "{}" };
    if (input.logGroupName.includes("full")) {
      return { status: 400, headers: { "content-type": "application/x-amz-json-1.1" }, body: JSON.stringify({ __type: "LimitExceededException", message: "Resource limit exceeded." }) };
    }
    return { status: 200, headers: { "content-type": "application/x-amz-json-1.1" }, body: "{}" };
  });
  coverage.subscriber = logsSubscriber({ endpoint: logs.url, region: TEST_REGION, credentials: FAKE_CREDENTIALS, maxAttempts: 1 });
});
afterAll(async () => logs.close());
beforeEach(async () => {
  table = await world.dynamo.createTable();
  logs.requests.length = 0;
});

const created = (id: string, logGroupName: string, account = "444455556666") => ({
  version: "0",
  id: `eb-${id}`,
  "detail-type": "AWS API Call via CloudTrail",
  source: "aws.logs",
  account,
  time: "2026-12-04T10:00:00Z",
  region: "eu-west-1",
  resources: [],
  detail: {
    eventVersion: "1.09",
    userIdentity: { type: "AWSService", invokedBy: "eks.amazonaws.com" },
    eventTime: "2026-12-04T10:00:00Z",
    eventSource: "logs.amazonaws.com",
    eventName: "CreateLogGroup",
    awsRegion: "eu-west-1",
    sourceIPAddress: "eks.amazonaws.com",
    userAgent: "eks.amazonaws.com",
    requestParameters: { logGroupName },
    responseElements: null,
    eventID: `c0c0c0c0-0000-4000-8000-${id.padStart(12, "0")}`,
    readOnly: false,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: account,
  },
});
const env = (extra: Record<string, string> = {}) =>
  lambdaEnv(world, table, { COVERAGE_FILTER_NAME: "cni-auditor-test", COVERAGE_FILTER_PATTERN: '{ $.responseStatus.code = 403 }', COVERAGE_DESTINATION_ARN: AUDIT_FN, ...extra });
const invoke = (event: unknown, e = env()) => createHandler("cloudtrail", runCloudTrail, { env: e, clients: clientsFor(world) })(event, lambdaContext(`req-${++n}`));
const puts = () => logs.requests.map((r) => JSON.parse(r.body) as Record<string, string>);

describe("coverage: new cluster log groups are subscribed", () => {
  it("PutSubscriptionFilter with the deploy's filter name, pattern and destination", async () => {
    await invoke(created("1", "/aws/eks/payments-2/cluster"));
    expect(puts()).toEqual([{ logGroupName: "/aws/eks/payments-2/cluster", filterName: "cni-auditor-test", filterPattern: "{ $.responseStatus.code = 403 }", destinationArn: AUDIT_FN }]);
  });

  it("other log groups, other accounts' groups (central mode) and an unset coverage are left alone", async () => {
    await invoke(created("2", "/aws/lambda/some-function"));
    await invoke(created("3", "/aws/eks/member-cluster/cluster", "777788889999"));
    const off = { ...env() };
    delete off.COVERAGE_DESTINATION_ARN;
    await invoke(created("4", "/aws/eks/x/cluster"), off);
    expect(puts()).toEqual([]);
  });

  it("a group that cannot be subscribed is logged, and does not fail the event (the fleet check reports it)", async () => {
    await expect(invoke(created("5", "/aws/eks/full/cluster"))).resolves.toBeDefined();
    expect(logs.requests).toHaveLength(1);
  });
});
