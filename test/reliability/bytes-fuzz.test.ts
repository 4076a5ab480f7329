// Byte-level damage: bit flips in the gzip and in the base64 of a subscription event,
// truncation, invalid UTF-8, damaged .gz files. A damaged payload is all or nothing (gzip's
// CRC sees any change to the content): it decodes as before or is one rejection; its
// neighbours in the same file are untouched.
import fc from "fast-check";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeCloudWatchLogsEvent } from "../../shared/sources/index.ts";
import { goodAudit } from "./batches.ts";
import { NO_PLACEMENT, alertSummary, awslogs, cwlPayload, jsonl, runFile } from "./harness.ts";
import { tallyFor } from "./tally.ts";

const tally = tallyFor("bytes-fuzz");

const A = awslogs(cwlPayload([goodAudit("cninodes-forbidden", 1), goodAudit("cninodes-forbidden", 2)], 1));
const B = awslogs(cwlPayload([goodAudit("system-forbidden", 1), goodAudit("aws-node-modified", 1)], 10));
const C = awslogs(cwlPayload([goodAudit("cninodes-forbidden", 3)], 20));
const B_BYTES = Buffer.from(B.awslogs.data, "base64");

const decodeB = (event: unknown) => decodeCloudWatchLogsEvent(event, { defaults: NO_PLACEMENT });
const ORIGINAL_B = decodeB(B).events.map((e) => e.recordId);

/** B damaged, then decoded alone (the Lambda's view) and between A and C in a file (the CLI's). */
async function expectAllOrNothing(damaged: { awslogs: { data: string } }): Promise<void> {
  tally.inputs++;
  const alone = decodeB(damaged);
  const intact = alone.rejections.length === 0;
  if (intact) expect(alone.events.map((e) => e.recordId)).toEqual(ORIGINAL_B);
  else {
    expect(alone.events).toEqual([]);
    expect(alone.rejections).toHaveLength(1);
    expect(alone.rejections[0]!.reason).toMatch(/^awslogs\.data (is not valid base64|is not gzip|is bad gzip|does not hold)/);
    tally.rejected++;
  }
  const run = await runFile(jsonl([A, damaged, C]));
  tally.goodAlerts += intact ? 3 : 1;
  expect(run.alerts.filter((a) => a.rule === "cninodes-forbidden").map(alertSummary)).toEqual([
    "cninodes-forbidden 111122223333|-|cninodes-forbidden|demo-cluster count=3 2024-05-27T08:15:31.413Z..2024-05-27T08:15:33.413Z",
  ]);
  expect(run.alerts.filter((a) => a.rule !== "cninodes-forbidden")).toHaveLength(intact ? 2 : 0);
  expect(run.rejections.map((r) => r.origin.position)).toEqual(intact ? [] : ["line 2"]);
}

describe("a damaged CloudWatch Logs subscription event", () => {
  it("bit flips in the gzip bytes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: B_BYTES.length * 8 - 1 }), async (bit) => {
        const b = Buffer.from(B_BYTES);
        b[bit >> 3]! ^= 1 << (bit & 7);
        await expectAllOrNothing({ awslogs: { data: b.toString("base64") } });
      }),
      { numRuns: 300 },
    );
  });

  it("bit flips in the base64 text (any character may result, quotes and controls included)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: B.awslogs.data.length - 1 }), fc.integer({ min: 0, max: 6 }), async (i, bit) => {
        const s = B.awslogs.data;
        const flipped = s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) ^ (1 << bit)) + s.slice(i + 1);
        await expectAllOrNothing({ awslogs: { data: flipped } });
      }),
      { numRuns: 300 },
    );
  });

  it("truncated at any length, in bytes or in base64 characters", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: B_BYTES.length - 1 }), fc.boolean(), async (n, inText) => {
        const data = inText ? B.awslogs.data.slice(0, n) : B_BYTES.subarray(0, n).toString("base64");
        await expectAllOrNothing({ awslogs: { data } });
      }),
      { numRuns: 200 },
    );
  });
});

describe("invalid UTF-8", () => {
  const SEQUENCES: Array<[string, number[]]> = [
    ["a lone 0xff", [0xff]],
    ["an overlong NUL", [0xc0, 0x80]],
    ["a lone continuation byte", [0x80]],
    ["a cut three-byte sequence", [0xe2, 0x82]],
    ["an encoded surrogate", [0xed, 0xa0, 0x80]],
    ["a five-byte form", [0xf8, 0x88, 0x80, 0x80, 0x80]],
  ];

  it.each(SEQUENCES)("%s inside a string value: decoded as U+FFFD, the record is kept", async (_name, seq) => {
    const good = JSON.stringify(goodAudit("cninodes-forbidden", 1)).replace('"controller/v0.0.0', '"XX');
    const [before, after] = good.split("XX") as [string, string];
    const bytes = Buffer.concat([Buffer.from(before), Buffer.from(seq), Buffer.from(after)]);
    for (const input of [bytes, gzipSync(bytes), Buffer.from(JSON.stringify(awslogs(cwlPayload([bytes.toString("utf8")]))))]) {
      tally.inputs++;
      const run = await runFile(input);
      expect(run.rejections).toEqual([]);
      expect(run.alerts.map((a) => [a.rule, a.count, (a.facts.userAgents as string[])[0]!.startsWith("\ufffd")])).toEqual([
        ["cninodes-forbidden", 1, true],
      ]);
    }
  });

  it.each(SEQUENCES)("%s where JSON structure belongs: that line is rejected, the next one alerts", async (_name, seq) => {
    const good = Buffer.from(JSON.stringify(goodAudit("cninodes-forbidden", 1)));
    const broken = Buffer.concat([Buffer.from('{"kind":"Event",'), Buffer.from(seq), Buffer.from('"verb":"get"}')]);
    tally.inputs++;
    const run = await runFile(Buffer.concat([broken, Buffer.from("\n"), good, Buffer.from("\n")]));
    tally.rejected += run.rejections.length;
    expect(run.rejections.map((r) => [r.origin.position, r.reason.slice(0, 10)])).toEqual([["line 1", "not JSON: "]]);
    expect(run.alerts.map((a) => [a.rule, a.count])).toEqual([["cninodes-forbidden", 1]]);
  });
});

describe("a damaged .gz file", () => {
  const records = Array.from({ length: 40 }, (_, i) => goodAudit("cninodes-forbidden", i));
  const file = gzipSync(jsonl(records));
  const ids = records.map((r) => `audit:${r.auditID}:${r.stage}`);

  it("cut anywhere: the records before the cut count, the cut is one or two rejections, nothing throws", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: file.length - 1 }), async (n) => {
        tally.inputs++;
        const run = await runFile(file.subarray(0, n));
        tally.rejected += run.rejections.length;
        expect(run.rejections.length).toBeLessThanOrEqual(2);
        expect(run.rejections.length).toBeGreaterThanOrEqual(n < 10 ? 0 : 1); // under the 10-byte header: not even gzip
        const count = run.alerts[0]?.count ?? 0;
        expect(count).toBeLessThanOrEqual(records.length);
        // What was read is a prefix of the file: its samples are the first records.
        expect(run.alerts.flatMap((a) => a.samples)).toEqual(ids.slice(0, Math.min(5, count)));
      }),
      { numRuns: 150 },
    );
  });

  it("garbage appended or prepended to a good .gz file", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.boolean(), async (junk, before) => {
        tally.inputs++;
        const run = await runFile(before ? Buffer.concat([junk, file]) : Buffer.concat([file, junk]));
        tally.rejected += run.rejections.length;
        // A file rejected as a whole stands for its lines (issue 12): records still add up.
        const rejected = run.rejections.reduce((n, r) => n + (r.records ?? 1), 0);
        expect(run.records).toBe(run.events + rejected + run.skipped);
      }),
      { numRuns: 150 },
    );
  });
});
