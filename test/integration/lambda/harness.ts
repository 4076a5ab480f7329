// The on-the-wire world the handler tests run in: dynalite, a Slack webhook and SNS on
// loopback, a Lambda context, captured logs (stdout/stderr, where Powertools writes).
import { SNSClient } from "@aws-sdk/client-sns";
import { afterAll, beforeAll } from "vitest";
import type { Context } from "aws-lambda";
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { parseHead, headPk } from "../../../shared/store/dynamo-items.ts";
import type { AwsClients } from "../../../functions/lambda/clients.ts";
import {
  dynamoClient,
  FAKE_CREDENTIALS,
  startDynamoPeer,
  startSlackPeer,
  startSnsPeer,
  TEST_REGION,
  type DynamoPeer,
  type SlackPeer,
  type SnsPeer,
} from "../../helpers/peers/index.ts";

export const TOPIC_ARN = "arn:aws:sns:eu-west-1:444455556666:cni-auditor-alerts";
export const FUNCTION_ARN = "arn:aws:lambda:eu-west-1:444455556666:function:cni-auditor-audit-logs";

export interface World {
  dynamo: DynamoPeer;
  slack: SlackPeer;
  sns: SnsPeer;
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const [dynamo, slack, sns] = await Promise.all([startDynamoPeer(), startSlackPeer(), startSnsPeer()]);
  return { dynamo, slack, sns, close: async () => void (await Promise.all([dynamo.close(), slack.close(), sns.close()])) };
}

/** The Lambda environment infra sets, pointing at the peers. */
export function lambdaEnv(world: World, table: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DEDUP_TABLE: table,
    SLACK_WEBHOOK_URL: world.slack.webhookUrl,
    ALERT_TOPIC_ARN: TOPIC_ARN,
    SLACK_MIN_SEVERITY: "info",
    AWS_REGION: TEST_REGION,
    POWERTOOLS_SERVICE_NAME: "cni-auditor",
    POWERTOOLS_METRICS_NAMESPACE: "CniAuditor",
    ...extra,
  };
}

/** Real SDK clients on the peers (one set per simulated container). */
export function clientsFor(world: World, dynamoEndpoint = world.dynamo.endpoint): AwsClients {
  return {
    dynamo: dynamoClient(dynamoEndpoint, 1),
    sns: new SNSClient({ endpoint: world.sns.url, region: TEST_REGION, credentials: FAKE_CREDENTIALS, maxAttempts: 1 }),
  };
}

export function lambdaContext(requestId: string, remainingMs = 60_000): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: "cni-auditor-audit-logs",
    functionVersion: "$LATEST",
    invokedFunctionArn: FUNCTION_ARN,
    memoryLimitInMB: "256",
    awsRequestId: requestId,
    logGroupName: "/aws/lambda/cni-auditor-audit-logs",
    logStreamName: "2026/03/01/[$LATEST]0123456789abcdef",
    getRemainingTimeInMillis: () => remainingMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export type CapturedOutput = { text(): string; stop(): void };

/**
 * Starts the peers and captures output around a test file: `ready` receives them once they
 * are up (before the first test); both are torn down after the last.
 */
export function useWorld(ready: (world: World, output: CapturedOutput) => void): void {
  let world: World;
  let output: CapturedOutput;
  beforeAll(async () => {
    world = await startWorld();
    output = captureOutput();
    ready(world, output);
  });
  afterAll(async () => {
    output.stop();
    await world.close();
  });
}

/** Everything written to stdout/stderr until `stop()` (Powertools logs and EMF metrics). */
export function captureOutput(): CapturedOutput {
  const chunks: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const grab = (chunk: unknown) => {
    chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
    return true;
  };
  process.stdout.write = grab as typeof process.stdout.write;
  process.stderr.write = grab as typeof process.stderr.write;
  return {
    text: () => chunks.join(""),
    stop() {
      process.stdout.write = out;
      process.stderr.write = err;
    },
  };
}

/** The stored state of a dedup key's head (read straight from the table). */
export async function storedHead(world: World, table: string, dedupKey: string) {
  const out = await world.dynamo.client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: headPk(dedupKey) } }, ConsistentRead: true }));
  return parseHead(dedupKey, out.Item);
}
