// A loopback STS endpoint for GetCallerIdentity (the Query protocol the SDK speaks): who the
// CLI's caller is, for a silence's audit trail.
import { randomUUID } from "node:crypto";
import { startLoopbackServer, type LoopbackServer } from "../../helpers/peers/index.ts";

const XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";
const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export interface StsPeer extends LoopbackServer {
  /** The ARN answered; tests change it to be someone else. */
  arn: string;
}

export async function startStsPeer(arn: string): Promise<StsPeer> {
  const peer: { arn: string } = { arn };
  const server = await startLoopbackServer((req) => {
    const action = new URLSearchParams(req.body).get("Action");
    if (action !== "GetCallerIdentity") return { status: 400, body: `unsupported ${action}` };
    const account = /:(\d{12}):/.exec(peer.arn)?.[1] ?? "000000000000";
    return {
      status: 200,
      headers: { "content-type": "text/xml" },
      body: `<GetCallerIdentityResponse xmlns="${XMLNS}"><GetCallerIdentityResult><Arn>${xml(peer.arn)}</Arn><UserId>AIDALOOPBACK</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    };
  });
  return Object.defineProperty(Object.assign(server, { arn }), "arn", { get: () => peer.arn, set: (v: string) => void (peer.arn = v) }) as StsPeer;
}
