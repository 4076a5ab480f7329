// Streaming replay's decoder: the same records as decoding the whole input at once, however the
// input is cut into chunks; lines longer than any chunk; multi-member gzip; inputs longer than
// V8's maximum string length (a generated stream, never a file on disk).
import { readFileSync } from "node:fs";
import { constants } from "node:buffer";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeBytes } from "../../../shared/sources/index.ts";
import { decodeStream, type StreamStats } from "../../../shared/stream/decode-stream.ts";
import type { NormalizedEvent } from "../../../shared/types.ts";

const NO_PLACEMENT = { cluster: null, account: null, region: null };
const SAMPLES = "test/fixtures/sources";
const cninodes = JSON.parse(readFileSync(`${SAMPLES}/audit-403-cninodes.json`, "utf8")) as Record<string, unknown>;
const audit = (i: number, extra: Record<string, unknown> = {}): string => JSON.stringify({ ...cninodes, auditID: `id-${i}`, ...extra });

async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function streamed(chunks: AsyncIterable<Buffer>): Promise<{ events: NormalizedEvent[]; stats: StreamStats }> {
  const events: NormalizedEvent[] = [];
  const stats = await decodeStream(chunks, "in", { defaults: NO_PLACEMENT, onEvent: (e) => events.push(e) });
  return { events, stats };
}

const summary = (events: readonly NormalizedEvent[]) => events.map((e) => `${e.recordId}@${e.timeMs}`);
const positions = (s: { rejections: Array<{ origin: { position: string }; reason: string }> }) => s.rejections.map((r) => `${r.origin.position}: ${r.reason}`);

describe("decodeStream: the same as decoding the whole input", () => {
  const inputs: Record<string, Buffer> = {
    "JSON Lines with a bad line and CRLF": Buffer.from(`${audit(1)}\r\n{not json\n\n${audit(2)}\n42\n${audit(3)}`),
    "a pretty-printed document": readFileSync(`${SAMPLES}/audit-403-cninodes.json`),
    "one single-line document": Buffer.from(`\ufeff\n${audit(7)}\n\n`),
    "a CloudTrail file": readFileSync(`${SAMPLES}/cloudtrail-records.json`),
    "a subscription event": readFileSync(`${SAMPLES}/cwlogs-subscription-event.json`),
    "filter-log-events output": readFileSync(`${SAMPLES}/filter-log-events.json`),
    "audit stages": readFileSync(`${SAMPLES}/audit-stages.jsonl`),
    "values back to back": Buffer.from(`${audit(4)}${audit(5)}`),
    "a broken first line, then records": Buffer.from(`{broken\n${audit(8)}\n${audit(9)}\n`),
  };

  for (const [name, bytes] of Object.entries(inputs)) {
    it(`${name}, whatever the chunk size (a record split across chunk boundaries)`, async () => {
      const whole = decodeBytes(bytes, "in", { defaults: NO_PLACEMENT });
      for (const size of [1, 2, 3, 7, 64, 4096, bytes.length]) {
        const { events, stats } = await streamed(chunked(bytes, size));
        expect(summary(events), `chunks of ${size}`).toEqual(summary(whole.events));
        expect(positions(stats), `chunks of ${size}`).toEqual(positions(whole));
        expect(stats.records).toBe(whole.records);
      }
      const gz = await streamed(chunked(gzipSync(bytes), 5));
      expect(summary(gz.events)).toEqual(summary(whole.events));
    });
  }

  it("reads every member of a multi-member gzip (as zcat does)", async () => {
    const bytes = Buffer.concat([gzipSync(`${audit(1)}\n${audit(2)}\n`), gzipSync(`${audit(3)}\n`), gzipSync(`${audit(4)}\n`)]);
    const { events, stats } = await streamed(chunked(bytes, 11));
    expect(events.map((e) => e.recordId)).toEqual([1, 2, 3, 4].map((i) => `audit:id-${i}:ResponseComplete`));
    expect(stats.rejections).toEqual([]);
  });

  it("reads a line far longer than any chunk", async () => {
    const pad = "p".repeat(24 * 1024 * 1024);
    const bytes = Buffer.from(`${audit(1)}\n${audit(2, { requestObject: { pad } })}\n${audit(3)}\n`);
    const { events } = await streamed(chunked(bytes, 64 * 1024));
    expect(events.map((e) => e.recordId)).toEqual([1, 2, 3].map((i) => `audit:id-${i}:ResponseComplete`));
  });

  it("reports a truncated gzip after the records before the cut", async () => {
    const gz = gzipSync(`${audit(1)}\n${audit(2)}\n`);
    const { stats } = await streamed(chunked(gz.subarray(0, gz.length - 6), 16));
    expect(positions(stats).at(-1)).toMatch(/^end of file: truncated gzip/);
  });

  it("reads input longer than V8's maximum string length, holding one line at a time", async () => {
    // ~4 MB lines of one buffer, repeated: nothing of this size exists on disk or in memory at once.
    const line = Buffer.from(`${audit(0, { requestObject: { pad: "q".repeat(4 * 1024 * 1024) } })}\n`);
    const lines = Math.ceil(constants.MAX_STRING_LENGTH / line.length) + 2;
    async function* generated(): AsyncGenerator<Buffer> {
      yield Buffer.from(`${audit(-1)}\n`);
      for (let i = 0; i < lines; i++) {
        // Cut each line in three, so lines always span chunks.
        yield line.subarray(0, 1000);
        yield line.subarray(1000, line.length - 7);
        yield line.subarray(line.length - 7);
      }
    }
    let n = 0;
    const stats = await decodeStream(generated(), "gen", { defaults: NO_PLACEMENT, onEvent: () => n++ });
    expect(stats.bytes).toBeGreaterThan(constants.MAX_STRING_LENGTH);
    expect(n).toBe(lines + 1);
    expect(stats.rejections).toEqual([]);
  }, 60_000);
});
