// A loopback Slack incoming webhook: answers `ok` on its secret path, 404 `no_service`
// elsewhere and 400 `invalid_payload` for bodies that are not JSON, as Slack does. Script 429 +
// Retry-After, 5xx or a dropped connection through `queue`.
import { randomUUID } from "node:crypto";
import { startLoopbackServer, type LoopbackServer } from "./http-server.ts";

export interface SlackMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

export interface SlackPeer extends LoopbackServer {
  /** The full webhook URL, secret path included. */
  webhookUrl: string;
  /** The secret part of the URL: tests assert it never reaches the logs. */
  secret: string;
  /** Parsed bodies of the messages the webhook accepted (answered 200). */
  messages(): SlackMessage[];
}

export async function startSlackPeer(): Promise<SlackPeer> {
  const secret = `T0000CNI/B0000AUD/${randomUUID().replace(/-/g, "")}`;
  const path = `/services/${secret}`;
  const server = await startLoopbackServer((req) => {
    if (req.method !== "POST" || req.path !== path) return { status: 404, body: "no_service" };
    try {
      JSON.parse(req.body);
    } catch {
      return { status: 400, body: "invalid_payload" };
    }
    return { status: 200, headers: { "content-type": "text/html" }, body: "ok" };
  });
  return Object.assign(server, {
    webhookUrl: `${server.url}${path}`,
    secret,
    messages: () => server.requests.filter((r) => r.status === 200 && r.path === path).map((r) => JSON.parse(r.body) as SlackMessage),
  });
}
