// The Lambda event of a Kinesis event source mapping, taken apart defensively: each record's
// sequence number (what a partial batch response names) and its data. CloudWatch Logs writes
// one subscription payload per Kinesis record, gzipped; Lambda hands the record's bytes over
// base64-encoded, which is exactly the `awslogs.data` of a direct subscription.

export interface StreamRecord {
  /** 1-based position in the batch (for logs and rejections). */
  position: number;
  /** null when the record has no usable sequence number: it cannot be named in a retry. */
  sequenceNumber: string | null;
  /** base64 of the record's bytes; null when absent. */
  data: string | null;
}

export type StreamBatch = { ok: true; records: StreamRecord[] } | { ok: false; reason: string };

/** Kinesis sequence numbers are decimal strings of up to 128 digits. */
const SEQUENCE = /^\d{1,128}$/;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

export function readStreamBatch(event: unknown): StreamBatch {
  const records = isObject(event) ? event.Records : undefined;
  if (!Array.isArray(records)) return { ok: false, reason: "not a Kinesis event (no Records array)" };
  return {
    ok: true,
    records: records.map((r: unknown, i) => {
      const k = isObject(r) && isObject(r.kinesis) ? r.kinesis : {};
      const seq = k.sequenceNumber;
      return {
        position: i + 1,
        sequenceNumber: typeof seq === "string" && SEQUENCE.test(seq) ? seq : null,
        data: typeof k.data === "string" ? k.data : null,
      };
    }),
  };
}
