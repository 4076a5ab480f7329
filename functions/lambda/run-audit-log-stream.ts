// The central account's log path: member accounts' subscription filters send to a CloudWatch
// Logs destination, which writes each payload as one record of a Kinesis stream; this reads
// the stream (event source mapping, infra/central.ts). Each record is one subscription payload
// and goes through the audit-logs path on its own (processSubscription), so a payload's batch
// id, and with it the store's redelivery markers, are those of a direct subscription: a record
// read twice counts once.
//
// Outcome per record, in order:
// - bad (no data, not base64, not gzip, not a payload) or a CONTROL_MESSAGE: counted, done;
// - its findings recorded but a sink failed: done; the alert is owed in the store and the
//   sweep delivers it (retrying the record would hold the whole shard behind a sink outage);
// - anything else failed (the store): reported in batchItemFailures, and the records after
//   it are left for the retry, which Kinesis restarts from that record (checkpointing);
// - too little time left to finish one: the same, so a timeout never fails the whole batch.
import { DeliveryIncompleteError } from "../../shared/delivery/index.ts";
import { ALL_RULES } from "../../shared/rules/index.ts";
import { processBatch, SAFETY_MARGIN_MS, type Runtime } from "./batch.ts";
import type { Run, RunContext } from "./handler.ts";
import { readStreamBatch, type StreamRecord } from "./kinesis-records.ts";
import { processSubscription } from "./run-audit-logs.ts";

/**
 * No record starts with less than this left: what a send needs (processBatch starts none with
 * less than SAFETY_MARGIN_MS), plus the payload's store reads and writes before it.
 */
export const RECORD_START_RESERVE_MS = SAFETY_MARGIN_MS + 2000;

export interface StreamResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

const ORIGIN = "kinesis";

function rejectRecord(rt: Runtime, ctx: RunContext, r: StreamRecord, reason: string) {
  return processBatch(rt, { events: [], rejections: [{ origin: { file: ORIGIN, position: `record ${r.position}` }, reason }], records: 1, batchId: null }, ctx);
}

export const runAuditLogStream: Run<unknown> = {
  rules: ALL_RULES,
  async handle(event, rt, ctx): Promise<StreamResponse> {
    const batch = readStreamBatch(event);
    if (!batch.ok) {
      await processBatch(rt, { events: [], rejections: [{ origin: { file: ORIGIN, position: "document" }, reason: batch.reason }], records: 1, batchId: null }, ctx);
      return { batchItemFailures: [] };
    }
    const tally = { records: batch.records.length, done: 0, deferred: 0, events: 0, alertsSent: 0 };
    let failed: StreamRecord | null = null;
    for (const r of batch.records) {
      if (ctx.remainingMs() < RECORD_START_RESERVE_MS) {
        rt.logger.warn("time is short: the rest of the batch is left for the retry", { position: r.position, remainingMs: ctx.remainingMs() });
        failed = r;
        break;
      }
      if (r.data === null) {
        await rejectRecord(rt, ctx, r, "kinesis.data must be a string");
        tally.done++;
        continue;
      }
      try {
        const s = await processSubscription({ awslogs: { data: r.data } }, rt, ctx, `${ORIGIN} record ${r.position}`);
        tally.events += s.events;
        tally.alertsSent += s.alertsSent;
        tally.done++;
      } catch (e) {
        if (e instanceof DeliveryIncompleteError) {
          rt.logger.warn("a sink failed: the alert stays owed in the store for the sweep", { position: r.position, error: e.message });
          tally.deferred++;
          continue;
        }
        rt.logger.error("record failed; it and the records after it are retried", { position: r.position, error: `${(e as Error).name}: ${(e as Error).message}` });
        failed = r;
        break;
      }
    }
    rt.logger.info("stream batch processed", { ...tally, retried: failed ? batch.records.length - failed.position + 1 : 0 });
    if (!failed) return { batchItemFailures: [] };
    // A record Kinesis cannot be told about: fail the invocation (the mapping bisects and retries).
    if (failed.sequenceNumber === null) throw new Error(`record ${failed.position} failed and has no sequence number to retry from`);
    return { batchItemFailures: [{ itemIdentifier: failed.sequenceNumber }] };
  },
};
