// A loopback SQS queue speaking the JSON 1.0 protocol the SDK uses (`X-Amz-Target:
// AmazonSQS.SendMessageBatch` / `ReceiveMessage` / `DeleteMessage`), with the MD5 digests the SDK
// checks. Messages sent with DelaySeconds stay hidden until the test releases them (no clock);
// a received message stays in flight until deleted or `requeueInFlight()` (its visibility
// timeout passing), and counts its receives as SQS does.
import { createHash, randomUUID } from "node:crypto";
import { startLoopbackServer, type Answer, type LoopbackServer } from "./http-server.ts";

export interface SqsMessage {
  messageId: string;
  body: string;
  delaySeconds: number;
  state: "delayed" | "visible" | "in-flight" | "deleted";
  receiptHandle: string | null;
  receives: number;
}

export interface SqsPeer extends LoopbackServer {
  queueUrl: string;
  messages: SqsMessage[];
  /** Makes the delayed messages visible (their delay has passed). */
  releaseDelayed(): number;
  /** In-flight messages become visible again (their visibility timeout has passed). */
  requeueInFlight(): number;
}

const JSON_TYPE = { "content-type": "application/x-amz-json-1.0" };
const md5 = (s: string): string => createHash("md5").update(s, "utf8").digest("hex");

export function sqsError(status: number, type: string, message = type): Answer {
  return { status, headers: JSON_TYPE, body: JSON.stringify({ __type: `com.amazonaws.sqs#${type}`, message }) };
}

export async function startSqsPeer(account = "111122223333", name = "cni-auditor-fleet"): Promise<SqsPeer> {
  const messages: SqsMessage[] = [];
  let queueUrl = "";
  const server = await startLoopbackServer((req) => {
    const target = String(req.headers["x-amz-target"] ?? "");
    const input = JSON.parse(req.body || "{}") as Record<string, unknown>;
    if (input.QueueUrl !== queueUrl) return sqsError(400, "QueueDoesNotExist", "The specified queue does not exist.");
    const ok = (out: unknown): Answer => ({ status: 200, headers: JSON_TYPE, body: JSON.stringify(out) });
    if (target === "AmazonSQS.SendMessageBatch") {
      const entries = (input.Entries ?? []) as Array<{ Id: string; MessageBody: string; DelaySeconds?: number }>;
      if (entries.length === 0 || entries.length > 10)
        return sqsError(400, entries.length ? "TooManyEntriesInBatchRequest" : "EmptyBatchRequest");
      const successful = entries.map((e) => {
        const m: SqsMessage = {
          messageId: randomUUID(),
          body: e.MessageBody,
          delaySeconds: e.DelaySeconds ?? 0,
          state: e.DelaySeconds ? "delayed" : "visible",
          receiptHandle: null,
          receives: 0,
        };
        messages.push(m);
        return { Id: e.Id, MessageId: m.messageId, MD5OfMessageBody: md5(e.MessageBody) };
      });
      return ok({ Successful: successful, Failed: [] });
    }
    if (target === "AmazonSQS.ReceiveMessage") {
      const max = Number(input.MaxNumberOfMessages ?? 1);
      const out = messages.filter((m) => m.state === "visible").slice(0, max);
      for (const m of out) {
        m.state = "in-flight";
        m.receives++;
        m.receiptHandle = randomUUID();
      }
      return ok({
        Messages: out.map((m) => ({
          MessageId: m.messageId,
          ReceiptHandle: m.receiptHandle,
          MD5OfBody: md5(m.body),
          Body: m.body,
          Attributes: { ApproximateReceiveCount: String(m.receives) },
        })),
      });
    }
    if (target === "AmazonSQS.DeleteMessage") {
      const m = messages.find((x) => x.receiptHandle === input.ReceiptHandle && x.state === "in-flight");
      if (!m) return sqsError(400, "ReceiptHandleIsInvalid");
      m.state = "deleted";
      return ok({});
    }
    return sqsError(400, "InvalidAction", `unsupported ${target}`);
  });
  queueUrl = `${server.url}/${account}/${name}`;
  const move = (from: SqsMessage["state"], to: SqsMessage["state"]) => {
    const moved = messages.filter((m) => m.state === from);
    for (const m of moved) m.state = to;
    return moved.length;
  };
  return Object.assign(server, {
    queueUrl,
    messages,
    releaseDelayed: () => move("delayed", "visible"),
    requeueInFlight: () => move("in-flight", "visible"),
  });
}
