// Good and bad records in one payload, one file, one run: the good records' alerts come out
// exactly (one per rule, count = copies sent), every bad record is rejected with its reason
// and counted, and harmless oddities (huge, deep, duplicate keys) are events that alert nothing.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RuleId } from "../../shared/types.ts";
import {
  AUDIT_RULES,
  CLOUDTRAIL_RULES,
  badAuditMessages,
  badEnvelopes,
  goodAudit,
  goodEnvelope,
  harmlessAuditMessages,
} from "./batches.ts";
import { awslogsText, cwlPayload, jsonl, runFile, runLambdaEvents, type CoreRun } from "./harness.ts";
import { tallyFor } from "./tally.ts";

const tally = tallyFor("mixed-batch");

type Item = { good: RuleId; copy: number } | { bad: number } | { harmless: number };

/** The alerts the good records must give: rule → count. */
function expected(items: Item[]): Array<[RuleId, number]> {
  const counts = new Map<RuleId, number>();
  for (const it of items) if ("good" in it) counts.set(it.good, (counts.get(it.good) ?? 0) + 1);
  return [...counts].sort((a, b) => a[0].localeCompare(b[0]));
}

function expectExact(run: CoreRun, items: Item[], reasons: RegExp[]): void {
  const want = expected(items);
  const got = run.alerts.map((a) => [a.rule, a.count] as [RuleId, number]).sort((a, b) => a[0].localeCompare(b[0]));
  tally.inputs += items.filter((i) => !("good" in i)).length;
  tally.rejected += run.rejections.length;
  tally.goodAlerts += want.length;
  tally.lostAlerts += want.filter(([rule, n]) => !got.some(([r, m]) => r === rule && m === n)).length;
  expect(got).toEqual(want);
  const bad = items.filter((i) => "bad" in i).length;
  expect(run.rejections).toHaveLength(bad);
  run.rejections.forEach((r, i) => expect(r.reason).toMatch(reasons[i]!));
  expect(run.events).toBe(items.length - bad);
}

/** A shuffled mix: 0–4 copies of each rule's record, bad and harmless records in between. */
function mix(rules: RuleId[], bad: number, harmless: number): fc.Arbitrary<Item[]> {
  return fc
    .tuple(
      fc.array(fc.nat({ max: 4 }), { minLength: rules.length, maxLength: rules.length }),
      fc.array(fc.nat({ max: bad - 1 }), { maxLength: 8 }),
      fc.array(fc.nat({ max: Math.max(0, harmless - 1) }), { maxLength: harmless === 0 ? 0 : 3 }),
    )
    .chain(([copies, bads, harmlessOnes]) => {
      const items: Item[] = [
        ...rules.flatMap((rule, r) => Array.from({ length: copies[r]! }, (_, copy) => ({ good: rule, copy }))),
        ...bads.map((b) => ({ bad: b })),
        ...harmlessOnes.map((h) => ({ harmless: h })),
      ];
      return fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length });
    });
}

describe("one CloudWatch Logs payload with good and bad audit events", () => {
  const bads = badAuditMessages();
  const harmless = harmlessAuditMessages();
  const message = (it: Item): string =>
    "good" in it ? JSON.stringify(goodAudit(it.good, it.copy)) : "bad" in it ? bads[it.bad]!.message : harmless[it.harmless]!;

  it("as the Lambda event and as a file, the good alerts are exact and each bad record is rejected", async () => {
    await fc.assert(
      fc.asyncProperty(mix(AUDIT_RULES, bads.length, harmless.length), async (items) => {
        const payload = cwlPayload(items.map(message));
        // A record with no time of its own takes its log event's: make that one out of range.
        const events = payload.logEvents as Array<{ timestamp: number; message: string }>;
        for (const e of events) if (e.message.includes('"auditID":"timeless-1"')) e.timestamp = 0.123456789;
        const text = JSON.stringify(payload).replaceAll('"timestamp":0.123456789', '"timestamp":1e400');
        const reasons = items.filter((i) => "bad" in i).map((i) => bads[(i as { bad: number }).bad]!.reason);
        expectExact(await runLambdaEvents("cwl", [awslogsText(text)]), items, reasons);
        expectExact(await runFile(text), items, reasons);
      }),
      { numRuns: 60 },
    );
  });
});

describe("EventBridge events, good and bad, in one run", () => {
  const bads = badEnvelopes();
  const event = (it: Item): unknown => ("good" in it ? goodEnvelope(it.good, it.copy) : bads[(it as { bad: number }).bad]!.event);

  it("as Lambda events and as a JSON Lines file, the good alerts are exact and each bad event is rejected", async () => {
    await fc.assert(
      fc.asyncProperty(mix(CLOUDTRAIL_RULES, bads.length, 0), async (items) => {
        const events = items.map(event);
        const reasons = items.filter((i) => "bad" in i).map((i) => bads[(i as { bad: number }).bad]!.reason);
        expectExact(await runLambdaEvents("eventbridge", events), items, reasons);
        expectExact(await runFile(jsonl(events)), items, reasons);
        // The same CloudTrail records as an S3 log file `{"Records":[…]}` (envelopes' bad fields aside).
        const records = items.filter((i) => "good" in i || typeof bads[(i as { bad: number }).bad]!.event === "object");
        const recordReasons: RegExp[] = [];
        const inFile = records.map((i) => {
          if ("good" in i) return goodEnvelope(i.good, i.copy).detail;
          const bad = bads[(i as { bad: number }).bad]!;
          const detail = (bad.event as { detail?: unknown }).detail;
          recordReasons.push(isEnvelopeOnly(bad.kind) ? /^expected a CloudTrail record object, got / : bad.reason);
          return isEnvelopeOnly(bad.kind) ? "envelope only" : detail;
        });
        expectExact(await runFile(JSON.stringify({ Records: inFile })), records, recordReasons);
      }),
      { numRuns: 60 },
    );
  });
});

/** Bad kinds that live in the EventBridge envelope, not in the CloudTrail record. */
function isEnvelopeOnly(kind: string): boolean {
  return ["detail a string", "id a number", "no detail"].includes(kind);
}

