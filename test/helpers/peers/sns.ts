// A loopback SNS endpoint speaking the Query protocol the SDK uses: form-encoded Publish in,
// XML PublishResponse (or ErrorResponse) out. Script failures through `queue` (see `snsError`).
// It checks what SNS checks: with `MessageStructure=json` the Message is a JSON object with a
// string `default`; message plus attributes within 256 KiB; a subject of printable ASCII
// under 100 characters. It records what each protocol's subscribers would receive.
import { randomUUID } from "node:crypto";
import { startLoopbackServer, type Answer, type LoopbackServer } from "./http-server.ts";

/** Protocols a subscription can have; a message is picked per protocol from the envelope. */
export const SNS_PROTOCOLS = ["http", "https", "email", "email-json", "sqs", "lambda", "firehose", "application", "sms"] as const;
export type SnsProtocol = (typeof SNS_PROTOCOLS)[number];

export interface SnsPublish {
  topicArn: string;
  subject: string | undefined;
  /** What an SQS subscriber receives (the `sqs` message, else `default`, else the raw Message). */
  message: string;
  /** The Message parameter as published. */
  raw: string;
  structure: "json" | undefined;
  /** What a subscriber of each protocol receives. */
  delivered: Record<SnsProtocol, string>;
  attributes: Record<string, { dataType: string; value: string }>;
  messageId: string;
}

export interface SnsPeer extends LoopbackServer {
  /** Publishes the endpoint accepted, in order. */
  published: SnsPublish[];
}

const XMLNS = "http://sns.amazonaws.com/doc/2010-03-31/";

/** An SNS error answer: `snsError(500, "InternalError")`, `snsError(400, "InvalidParameter")`. */
export function snsError(status: number, code: string, message = code): Answer {
  const type = status >= 500 ? "Receiver" : "Sender";
  return {
    status,
    headers: { "content-type": "text/xml" },
    body: `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  };
}

const SNS_MAX_BYTES = 256 * 1024;

/** The envelope of a structured Publish, or the reason SNS would refuse it. */
function envelopeOf(raw: string): Record<string, string> | string {
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch {
    return "Message Structure - JSON message body failed to parse";
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return "Message Structure - JSON message body failed to parse";
  const env = doc as Record<string, unknown>;
  if (typeof env.default !== "string") return "Message Structure - No default entry in JSON message body";
  return Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === "string")) as Record<string, string>;
}

function problem(form: URLSearchParams, p: SnsPublish): string | null {
  let bytes = Buffer.byteLength(p.raw);
  for (const [name, a] of Object.entries(p.attributes)) bytes += Buffer.byteLength(name) + Buffer.byteLength(a.dataType) + Buffer.byteLength(a.value);
  if (bytes > SNS_MAX_BYTES) return "Message too long";
  const subject = form.get("Subject");
  if (subject !== null && !/^[\x20-\x7e]{1,99}$/.test(subject)) return "Subject must be ASCII text, without line breaks or control characters, under 100 characters";
  return null;
}

function parsePublish(form: URLSearchParams, messageId: string): SnsPublish | string {
  const raw = form.get("Message") ?? "";
  const structure = form.get("MessageStructure") === "json" ? "json" : undefined;
  const env = structure ? envelopeOf(raw) : { default: raw };
  if (typeof env === "string") return env;
  const delivered = Object.fromEntries(SNS_PROTOCOLS.map((p) => [p, env[p] ?? env.default!])) as Record<SnsProtocol, string>;
  const attributes: SnsPublish["attributes"] = {};
  for (let i = 1; form.has(`MessageAttributes.entry.${i}.Name`); i++) {
    const p = `MessageAttributes.entry.${i}`;
    attributes[form.get(`${p}.Name`)!] = {
      dataType: form.get(`${p}.Value.DataType`) ?? "",
      value: form.get(`${p}.Value.StringValue`) ?? "",
    };
  }
  return {
    topicArn: form.get("TopicArn") ?? "",
    subject: form.get("Subject") ?? undefined,
    message: delivered.sqs,
    raw,
    structure,
    delivered,
    attributes,
    messageId,
  };
}

export async function startSnsPeer(): Promise<SnsPeer> {
  const published: SnsPublish[] = [];
  const server = await startLoopbackServer((req) => {
    const form = new URLSearchParams(req.body);
    if (form.get("Action") !== "Publish") return snsError(400, "InvalidAction", `unsupported action ${form.get("Action")}`);
    if (!form.get("TopicArn") || !form.get("Message")) return snsError(400, "InvalidParameter", "TopicArn and Message are required");
    const messageId = randomUUID();
    const p = parsePublish(form, messageId);
    const refused = typeof p === "string" ? p : problem(form, p);
    if (refused !== null || typeof p === "string") return snsError(400, "InvalidParameter", `Invalid parameter: ${refused}`);
    published.push(p);
    return {
      status: 200,
      headers: { "content-type": "text/xml" },
      body: `<PublishResponse xmlns="${XMLNS}"><PublishResult><MessageId>${messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
    };
  });
  return Object.assign(server, { published });
}
