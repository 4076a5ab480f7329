import fc from "fast-check";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeBytes, decodeCloudWatchLogsEvent, decodeEventBridgeEvent, type DecodeResult } from "../../../shared/sources/index.ts";
import { auditSample, awslogsEvent, bytes, fixture, jsonl, opts, payloadOf } from "./helpers.ts";

const nested = (depth: number): string => "[".repeat(depth) + "]".repeat(depth);

function wellFormed(r: DecodeResult & { filtered?: number }, file: string): void {
  // A file rejected as a whole stands for its lines (issue 12).
  const rejected = r.rejections.reduce((n, x) => n + (x.records ?? 1), 0);
  expect(r.records).toBe(r.events.length + rejected + r.skipped + (r.filtered ?? 0));
  for (const x of r.rejections) {
    expect(x.origin.file).toBe(file);
    expect(x.origin.position).not.toBe("");
    expect(x.reason).not.toBe("");
  }
}

describe("deep nesting and large inputs", () => {
  it("accepts records with very deep unread fields and rejects only what cannot be identified", () => {
    const deep = JSON.parse(nested(200_000));
    const withId = decodeBytes(bytes(JSON.stringify({ ...auditSample(), requestObject: "X" }).replace('"X"', nested(200_000))), "deep.json", opts());
    expect(withId.rejections).toEqual([]);
    expect(withId.events).toHaveLength(1);
    // Without auditID the content hash cannot serialise it: rejected, not a crash.
    const { auditID: _a, ...noId } = auditSample();
    const hashless = decodeBytes(bytes(JSON.stringify({ ...noId, requestObject: "X" }).replace('"X"', nested(200_000))), "deep.json", opts());
    expect(hashless.rejections.map((x) => x.reason)).toEqual(["record nests too deeply to identify (no auditID)"]);
    // The same through a CloudWatch Logs message and a CloudTrail record.
    const msg = JSON.stringify({ ...auditSample(), requestObject: "X" }).replace('"X"', nested(200_000));
    expect(decodeCloudWatchLogsEvent(awslogsEvent(payloadOf([msg])), opts()).events).toHaveLength(1);
    const ct = { ...fixture("eventbridge-eks-updateaddon.json") };
    ct.detail = { ...ct.detail, additionalEventData: { deep } };
    expect(decodeEventBridgeEvent(ct, opts()).events).toHaveLength(1);
  });

  it("rejects a deeply nested top level without recursing", () => {
    const r = decodeBytes(bytes(nested(500_000)), "deep.json", opts());
    expect(r.rejections.map((x) => [x.origin.position, x.reason])).toEqual([["record 1", "unknown shape: an array inside an array"]]);
  });

  it("decodes a payload of thousands of log events and a long JSON Lines file", () => {
    const many = Array.from({ length: 5000 }, (_, i) => auditSample({ auditID: `bulk-${i}` }));
    const r = decodeCloudWatchLogsEvent(awslogsEvent(payloadOf(many)), opts());
    expect(r.events).toHaveLength(5000);
    expect(new Set(r.events.map((e) => e.recordId)).size).toBe(5000);
    const file = decodeBytes(gzipSync(jsonl(many)), "bulk.jsonl.gz", opts());
    expect(file.events).toHaveLength(5000);
    expect(file.events[4999]!.origin.position).toBe("line 5000");
  });
});

describe("never throws on arbitrary input", () => {
  it("any JSON value, as a document or as JSON Lines", () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 4 }), (values) => {
        const asDoc = decodeBytes(bytes(JSON.stringify(values)), "doc", opts());
        wellFormed(asDoc, "doc");
        wellFormed(decodeBytes(bytes(jsonl(values)), "lines", opts()), "lines");
      }),
      { numRuns: 300 },
    );
  });

  it("any bytes, also behind a gzip header", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (raw, magic) => {
        const input = magic ? Uint8Array.from([0x1f, 0x8b, ...raw]) : raw;
        wellFormed(decodeBytes(input, "bytes", opts()), "bytes");
      }),
      { numRuns: 300 },
    );
  });

  it("known shapes with fields replaced by arbitrary values", () => {
    const samples: Array<Record<string, any>> = [
      auditSample(),
      fixture("eventbridge-ec2-unauthorized-createnetworkinterface.json"),
      fixture("cwlogs-subscription-decoded.json"),
      fixture("lookup-events.json"),
      fixture("filter-log-events.json"),
    ];
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.anything(), fc.nat(), (sample, value, pick) => {
        const keys = Object.keys(sample);
        const mutated = { ...sample, [keys[pick % keys.length]!]: value };
        const text = JSON.stringify(mutated) ?? "null";
        wellFormed(decodeBytes(bytes(text), "m", opts()), "m");
        const cwl = decodeCloudWatchLogsEvent(mutated, opts());
        wellFormed(cwl, "cloudwatch-logs");
        wellFormed(decodeEventBridgeEvent(mutated, opts()), "eventbridge");
      }),
      { numRuns: 400 },
    );
  });
});
