// AWS SDK clients, created once per container and reused by every invocation. Endpoints come
// from the SDK's own settings (AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_SNS), which is how
// tests point the real clients at loopback peers.

import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SNSClient } from "@aws-sdk/client-sns";
import { lazy } from "./lazy.ts";

export interface AwsClients {
  dynamo: DynamoDBClient;
  sns: SNSClient;
}

export function createAwsClients(): AwsClients {
  return {
    // The SDK retries throttling and 5xx itself; the store's own loop handles contention.
    dynamo: lazy(() => new DynamoDBClient({ maxAttempts: 3, requestHandler: { connectionTimeout: 2000, requestTimeout: 5000 } })),
    // Delivery retries sends itself, within the invocation's time left.
    sns: lazy(() => new SNSClient({ maxAttempts: 1, requestHandler: { connectionTimeout: 2000, requestTimeout: 5000 } })),
  };
}
