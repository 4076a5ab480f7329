// The fleet queue (adapter): SendMessageBatch, ten messages a call (SQS's limit); entries SQS
// reports as failed are sent once more, and what still fails is an error (the dispatcher's
// invocation fails and the scheduler retries it; a run id is fresh each time).
import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { FanoutQueue, QueueMessage } from "./dispatch.ts";

export function sqsFanoutQueue(client: SQSClient, queueUrl: string): FanoutQueue {
  const sendTen = async (batch: readonly QueueMessage[], attempt: number): Promise<void> => {
    const entries = batch.map((m, i) => ({
      Id: String(i),
      MessageBody: m.body,
      ...(m.delaySeconds ? { DelaySeconds: m.delaySeconds } : {}),
    }));
    const out = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    const failed = (out.Failed ?? []).map((f) => batch[Number(f.Id)]!).filter(Boolean);
    if (failed.length === 0) return;
    if (attempt >= 2)
      throw new Error(
        `fleet queue: ${failed.length} messages not sent (${out.Failed?.[0]?.Code ?? "?"}: ${out.Failed?.[0]?.Message ?? ""})`,
      );
    await sendTen(failed, attempt + 1);
  };
  return {
    async send(messages) {
      const batches: QueueMessage[][] = [];
      for (let i = 0; i < messages.length; i += 10) batches.push(messages.slice(i, i + 10));
      await Promise.all(batches.map((b) => sendTen(b, 1)));
    },
  };
}
