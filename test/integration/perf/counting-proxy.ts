// A counting HTTP proxy in front of dynalite: every DynamoDB request the real SDK client sends
// passes through it, so a test can count reads and writes on the wire by operation and item.
import { createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface DynamoCall {
  /** `UpdateItem`, `BatchGetItem`, … (from X-Amz-Target). */
  op: string;
  /** The item's `pk`, for single-item operations. */
  pk: string | undefined;
  updateExpression: string | undefined;
  /** The HTTP status DynamoDB answered (400 for a failed condition); 0 until it answered. */
  status: number;
}

const WRITES = new Set(["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"]);

export function isWrite(c: DynamoCall): boolean {
  return WRITES.has(c.op);
}

export interface CountingProxy {
  endpoint: string;
  calls: DynamoCall[];
  /** Calls since the last `take()`, and a fresh start. */
  take(): DynamoCall[];
  close(): Promise<void>;
}

function describe(req: IncomingMessage, body: string): DynamoCall {
  const target = String(req.headers["x-amz-target"] ?? "");
  let parsed: { Key?: { pk?: { S?: string } }; Item?: { pk?: { S?: string } }; UpdateExpression?: string } = {};
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    // not JSON: counted with what the header says
  }
  return {
    op: target.slice(target.indexOf(".") + 1),
    pk: parsed.Key?.pk?.S ?? parsed.Item?.pk?.S,
    updateExpression: parsed.UpdateExpression,
    status: 0,
  };
}

export async function startCountingProxy(upstream: string): Promise<CountingProxy> {
  const target = new URL(upstream);
  let calls: DynamoCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const call = describe(req, body.toString("utf8"));
      calls.push(call);
      const forward = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
        (up) => {
          call.status = up.statusCode ?? 502;
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      forward.on("error", () => {
        res.writeHead(502);
        res.end();
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get calls() {
      return calls;
    },
    take() {
      const out = calls;
      calls = [];
      return out;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
