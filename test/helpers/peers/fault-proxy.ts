// A proxy in front of a loopback peer that answers some requests with a server error instead
// of forwarding them: those whose body contains one of `failing`'s strings (e.g. one
// cluster's dedup keys), while the rest reach the peer. Tests switch faults on and off.
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

export interface FaultProxy {
  endpoint: string;
  /** Substrings of request bodies to fail; empty = forward everything. */
  failing: Set<string>;
  /** Requests answered with a fault so far. */
  faults: number;
  close(): Promise<void>;
}

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  const proxy: FaultProxy = { endpoint: "", failing: new Set(), faults: 0, close: async () => undefined };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const text = body.toString("utf8");
      if ([...proxy.failing].some((s) => text.includes(s))) {
        proxy.faults++;
        res.writeHead(500, { "content-type": "application/x-amz-json-1.0" });
        res.end(JSON.stringify({ __type: "com.amazonaws.dynamodb.v20120810#InternalServerError", message: "injected fault" }));
        return;
      }
      const forward = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      forward.on("error", () => {
        res.writeHead(502);
        res.end();
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return proxy;
}
