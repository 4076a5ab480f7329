// DynamoDB on loopback: dynalite (the DynamoDB wire protocol, in memory) and the real SDK client
// pointed at it with fake static credentials. One server per test file; one table per test.
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";

export const FAKE_CREDENTIALS = { accessKeyId: "AKIDLOOPBACKTEST", secretAccessKey: "loopback-secret" };
export const TEST_REGION = "eu-west-1";

export interface DynamoPeer {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  client: DynamoDBClient;
  /** Creates a fresh dedup table (pk string hash key, as infra does) and returns its name. */
  createTable(prefix?: string): Promise<string>;
  close(): Promise<void>;
}

export function dynamoClient(endpoint: string, maxAttempts = 3): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: TEST_REGION, credentials: FAKE_CREDENTIALS, maxAttempts });
}

export async function createDedupTable(client: DynamoDBClient, name: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  for (let i = 0; i < 100; i++) {
    const t = await client.send(new DescribeTableCommand({ TableName: name }));
    if (t.Table?.TableStatus === "ACTIVE") return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`table ${name} never became ACTIVE`);
}

export async function startDynamoPeer(): Promise<DynamoPeer> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = dynamoClient(endpoint);
  return {
    endpoint,
    client,
    async createTable(prefix = "dedup") {
      const name = `${prefix}-${randomUUID().slice(0, 8)}`;
      await createDedupTable(client, name);
      return name;
    },
    async close() {
      client.destroy();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
