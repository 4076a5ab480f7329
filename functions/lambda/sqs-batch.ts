// An SQS batch of EventBridge events (EventBridge → queue → event source mapping): one
// invocation and one store write per key for many CloudTrail events, instead of one of each per
// event. Partial batch response (ReportBatchItemFailures): only records whose findings could not
// be stored are returned for redelivery. Each record is counted under its own batch id (the
// EventBridge event id), so redelivering any subset of a batch counts nothing twice; a failed
// send never fails a record — the alert stays pending in the store for the sweep.

import type { SQSBatchResponse, SQSRecord } from "aws-lambda";
import { isObject } from "../../shared/sources/json.ts";
import type { Finding, Placement } from "../../shared/types.ts";
import { processBatch, type DecodedBatch, type Invocation, type Runtime } from "./batch.ts";
import { count } from "./observability.ts";

/** The part of an SQS event the handler reads. */
export interface SqsEvent {
  Records: Array<Pick<SQSRecord, "messageId" | "body" | "eventSource">>;
}

export function isSqsEvent(event: unknown): event is SqsEvent {
  if (!isObject(event) || !Array.isArray(event.Records) || event.Records.length === 0) return false;
  return event.Records.every((r) => isObject(r) && r.eventSource === "aws:sqs" && typeof r.messageId === "string" && typeof r.body === "string");
}

/** Decodes one message's body: an EventBridge event (or a rejection naming the message). */
export type DecodeMessage = (body: unknown, origin: string, defaults: Placement) => DecodedBatch;

interface Decoded {
  batch: DecodedBatch;
  /** Batch id of each record id's message, for the store's per-record redelivery check. */
  batchOfRecord: Map<string, string>;
  /** Messages that carried at least one event: the ones a failed store write fails. */
  withEvents: string[];
}

function decodeMessages(event: SqsEvent, decode: DecodeMessage, defaults: Placement): Decoded {
  const out: DecodedBatch = { events: [], rejections: [], records: 0, batchId: null };
  const batchOfRecord = new Map<string, string>();
  const withEvents: string[] = [];
  for (const r of event.Records) {
    const origin = `sqs:${r.messageId}`;
    let body: unknown;
    try {
      body = JSON.parse(r.body);
    } catch {
      out.records += 1;
      out.rejections.push({ origin: { file: origin, position: "" }, reason: "message body is not JSON" });
      continue;
    }
    const one = decode(body, origin, defaults);
    out.records += one.records;
    out.rejections.push(...one.rejections);
    if (one.events.length === 0) continue;
    withEvents.push(r.messageId);
    // The event's own id when it has one (EventBridge keeps it across its retries); else the message's.
    const batchId = `eventbridge:${one.batchId ?? r.messageId}`;
    for (const e of one.events) {
      // The same record in two messages is one record (the evaluation keeps one copy of it).
      if (!batchOfRecord.has(e.recordId)) batchOfRecord.set(e.recordId, batchId);
      out.events.push(e);
    }
  }
  return { batch: out, batchOfRecord, withEvents };
}

/** Processes the batch; returns the records to redeliver (those whose findings were not stored). */
export async function processSqsBatch(
  rt: Runtime,
  event: SqsEvent,
  inv: Invocation,
  decode: DecodeMessage,
  defaults: Placement,
  /** What the runtime needs from the store first (the fleet's CNI roles): its failure fails the records too. */
  prepare: (rt: Runtime) => Promise<Runtime> = async (r) => r,
): Promise<SQSBatchResponse> {
  const { batch, batchOfRecord, withEvents } = decodeMessages(event, decode, defaults);
  const batchIdOf = (f: Finding) => batchOfRecord.get(f.recordId) ?? `record:${f.recordId}`;
  try {
    await processBatch(batch.events.length > 0 ? await prepare(rt) : rt, batch, inv, { batchIdOf, sendFailures: "pending" });
    return { batchItemFailures: [] };
  } catch (e) {
    // Redelivering them is safe (each record counts once), so every message with events goes back.
    count(rt.metrics, "RecordsRedelivered", withEvents.length);
    rt.logger.error("batch not stored; its records go back to the queue", { error: e as Error, records: withEvents.length });
    return { batchItemFailures: withEvents.map((itemIdentifier) => ({ itemIdentifier })) };
  }
}
