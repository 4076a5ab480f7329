// A loopback SSM Parameter Store endpoint speaking the JSON 1.1 protocol the SDK uses
// (`X-Amz-Target: AmazonSSM.GetParameter`): SecureString values are returned only when the
// request asks for decryption, as SSM does; unknown names answer ParameterNotFound.
import { startLoopbackServer, type Answer, type LoopbackServer } from "./http-server.ts";

export interface SsmPeer extends LoopbackServer {
  /** Sets (or rotates) a SecureString parameter; its version goes up by one each time. */
  put(name: string, value: string): void;
  /** The names of the GetParameter calls received, in order. */
  reads(): string[];
}

const JSON_TYPE = { "content-type": "application/x-amz-json-1.1" };

export function ssmError(status: number, type: string, message = type): Answer {
  return { status, headers: JSON_TYPE, body: JSON.stringify({ __type: type, message }) };
}

export async function startSsmPeer(region = "us-east-1", account = "111122223333"): Promise<SsmPeer> {
  const params = new Map<string, { value: string; version: number }>();
  const reads: string[] = [];
  const server = await startLoopbackServer((req) => {
    const target = String(req.headers["x-amz-target"] ?? "");
    if (target !== "AmazonSSM.GetParameter") return ssmError(400, "InvalidAction", `unsupported ${target}`);
    const body = JSON.parse(req.body) as { Name?: string; WithDecryption?: boolean };
    const name = body.Name ?? "";
    reads.push(name);
    const p = params.get(name);
    if (!p) return ssmError(400, "ParameterNotFound");
    return {
      status: 200,
      headers: JSON_TYPE,
      body: JSON.stringify({
        Parameter: {
          Name: name,
          Type: "SecureString",
          // Without WithDecryption SSM returns the ciphertext, never the value.
          Value: body.WithDecryption ? p.value : "AQICAHh-ciphertext",
          Version: p.version,
          ARN: `arn:aws:ssm:${region}:${account}:parameter/${name.replace(/^\//, "")}`,
          DataType: "text",
        },
      }),
    };
  });
  return {
    ...server,
    put: (name, value) => params.set(name, { value, version: (params.get(name)?.version ?? 0) + 1 }),
    reads: () => [...reads],
  };
}
