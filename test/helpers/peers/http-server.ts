// A loopback HTTP server that records every request and answers from a script: the base of the
// Slack and SNS peers (and any other service a test talks to on the wire).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
  /** The status answered (0 when the connection was dropped). */
  status: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Close the connection without answering (a network failure as the client sees it). */
  hangUp?: boolean;
}

export interface LoopbackServer {
  /** http://127.0.0.1:<port> */
  url: string;
  requests: RecordedRequest[];
  /** Answers for the next requests, in order; when empty, `fallback` answers. */
  queue: Answer[];
  close(): Promise<void>;
}

export async function startLoopbackServer(fallback: (req: RecordedRequest) => Answer): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const queue: Answer[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rec: RecordedRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        status: 0,
      };
      requests.push(rec);
      const answer = queue.shift() ?? fallback(rec);
      rec.status = answer.hangUp ? 0 : answer.status;
      if (answer.hangUp) {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    queue,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
