// A loopback EventBridge endpoint (JSON 1.1, `X-Amz-Target: AWSEvents.ListRules` / `DescribeRule`)
// answering from a table of rules per bus, for `cni-auditor doctor`.
import { startLoopbackServer, type Answer, type LoopbackServer } from "./http-server.ts";

export interface PeerRule {
  name: string;
  bus?: string;
  state: string;
  eventPattern: string;
  description?: string;
}

export interface EventBridgePeer extends LoopbackServer {
  rules: PeerRule[];
}

const JSON_TYPE = { "content-type": "application/x-amz-json-1.1" };
const error = (type: string, message: string): Answer => ({
  status: 400,
  headers: JSON_TYPE,
  body: JSON.stringify({ __type: type, message }),
});

export async function startEventBridgePeer(rules: PeerRule[], region = "eu-west-1", account = "111122223333"): Promise<EventBridgePeer> {
  const arn = (r: PeerRule) => `arn:aws:events:${region}:${account}:rule/${r.bus && r.bus !== "default" ? `${r.bus}/` : ""}${r.name}`;
  const shape = (r: PeerRule) => ({
    Name: r.name,
    Arn: arn(r),
    State: r.state,
    EventPattern: r.eventPattern,
    EventBusName: r.bus ?? "default",
    Description: r.description,
  });
  const server = await startLoopbackServer((req) => {
    const target = String(req.headers["x-amz-target"] ?? "");
    const input = JSON.parse(req.body || "{}") as { NamePrefix?: string; EventBusName?: string; Name?: string; NextToken?: string };
    const bus = input.EventBusName ?? "default";
    const onBus = rules.filter((r) => (r.bus ?? "default") === bus);
    if (target === "AWSEvents.ListRules") {
      // One rule per page: the caller must follow NextToken.
      const all = onBus.filter((r) => r.name.startsWith(input.NamePrefix ?? ""));
      const start = Number(input.NextToken ?? 0);
      const page = all.slice(start, start + 1);
      return {
        status: 200,
        headers: JSON_TYPE,
        body: JSON.stringify({ Rules: page.map(shape), ...(start + 1 < all.length ? { NextToken: String(start + 1) } : {}) }),
      };
    }
    if (target === "AWSEvents.DescribeRule") {
      const r = onBus.find((x) => x.name === input.Name);
      if (!r) return error("ResourceNotFoundException", `Rule ${input.Name} does not exist on EventBus ${bus}.`);
      return { status: 200, headers: JSON_TYPE, body: JSON.stringify(shape(r)) };
    }
    return error("UnknownOperationException", target);
  });
  return Object.assign(server, { rules });
}
