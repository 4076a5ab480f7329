// A loopback SNS endpoint speaking the Query protocol the SDK uses: form-encoded Publish in,
// XML PublishResponse (or ErrorResponse) out. Script failures through `queue` (see `snsError`).
import { randomUUID } from "node:crypto";
import { startLoopbackServer, type Answer, type LoopbackServer } from "./http-server.ts";

export interface SnsPublish {
  topicArn: string;
  subject: string | undefined;
  message: string;
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

function parsePublish(form: URLSearchParams, messageId: string): SnsPublish {
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
    message: form.get("Message") ?? "",
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
    published.push(parsePublish(form, messageId));
    return {
      status: 200,
      headers: { "content-type": "text/xml" },
      body: `<PublishResponse xmlns="${XMLNS}"><PublishResult><MessageId>${messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
    };
  });
  return Object.assign(server, { published });
}
