// AWS SDK clients, created once per container and reused by every invocation. Endpoints come
// from the SDK's own settings (AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_SNS), which is how
// tests point the real clients at loopback peers.

import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SNSClient } from "@aws-sdk/client-sns";
import { lazy } from "./lazy.ts";

/** Per AWS request: connecting, then waiting for the answer. */
export const CONNECT_TIMEOUT_MS = 2000;
export const REQUEST_TIMEOUT_MS = 5000;
/** The Slack webhook request, start to end (AbortSignal.timeout). */
export const SLACK_TIMEOUT_MS = 5000;
/** The longest one send can take: what the invocation must still have when a send starts. */
export const LONGEST_REQUEST_MS = Math.max(SLACK_TIMEOUT_MS, CONNECT_TIMEOUT_MS + REQUEST_TIMEOUT_MS);

export interface AwsClients {
  dynamo: DynamoDBClient;
  /** Made on first send, with its code: most invocations send nothing, so never load it. */
  sns: SNSClient | (() => Promise<SNSClient>);
}

/** `make` run on the first call only; later calls get the same promise. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

export function createAwsClients(): AwsClients {
  return {
    // The SDK retries throttling and 5xx itself; the store's own loop handles contention.
    dynamo: lazy(() => new DynamoDBClient({ maxAttempts: 3, requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS } })),
    // Delivery retries sends itself, within the invocation's time left.
    sns: once(() =>
      import("@aws-sdk/client-sns").then((m) => new m.SNSClient({ maxAttempts: 1, requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS } })),
    ),
  };
}
