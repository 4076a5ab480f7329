// Property tests over every decoder and rule: each rule's firing record with a hostile value
// at a field the rules read (or any field it has), through the whole core — decode → evaluate →
// MemoryStore.apply → toAlert → JSON.stringify → Slack/SNS builders — as a file (the CLI's
// path) and as the Lambda event (CloudWatch Logs subscription or EventBridge). Nothing may
// throw; the record is either an event or one rejection with a reason; alerts are clean JSON.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SEVERITIES } from "../../shared/core/severity.ts";
import { RULE_IDS } from "../../shared/rules/ids.ts";
import { AUDIT_FIELDS, CLOUDTRAIL_FIELDS, ENVELOPE_FIELDS, hostileJson, withJsonAt } from "./arbitraries.ts";
import { SEED_RULES, awslogs, cwlPayload, runFile, runLambdaEvents, seeds, type CoreRun } from "./harness.ts";
import { stringLeaves } from "./hostile-text.ts";
import { tallyFor } from "./tally.ts";

const tally = tallyFor("pipeline-fuzz");
const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

/** One record in, one record accounted for; rejections explained; alerts survive a JSON round trip. */
function expectWellFormed(run: CoreRun, records = 1): void {
  tally.inputs++;
  tally.rejected += run.rejections.length;
  expect(run.records).toBe(records);
  expect(run.events + run.rejections.length + run.skipped).toBe(run.records);
  for (const r of run.rejections) {
    expect(r.reason.length).toBeGreaterThan(0);
    expect(r.reason.length).toBeLessThan(2000); // a reason quotes, it does not dump
    expect(r.origin.position.length).toBeGreaterThan(0);
  }
  run.alerts.forEach((a, i) => {
    expect(JSON.parse(run.alertJson[i]!)).toEqual(a);
    expect(RULE_IDS).toContain(a.rule);
    expect(SEVERITIES).toContain(a.severity);
    expect(a.count).toBeGreaterThanOrEqual(1);
    expect(a.firstSeen <= a.lastSeen || a.firstSeen.startsWith("-") || a.firstSeen.startsWith("+")).toBe(true);
    expect(a.samples.length).toBeLessThanOrEqual(5);
  });
}

/** Field paths to attack: what the rules read, plus every string leaf the seed carries. */
function targets(rule: (typeof SEED_RULES)[number]): string[][] {
  const seed = seeds()[rule];
  if (seed.source === "audit") return [...AUDIT_FIELDS, ...stringLeaves(seed.record).map((l) => l.path)];
  const detail = seed.record.detail as Record<string, unknown>;
  return [
    ...ENVELOPE_FIELDS,
    ...CLOUDTRAIL_FIELDS.map((p) => ["detail", ...p]),
    ...stringLeaves(detail).map((l) => ["detail", ...l.path]),
  ];
}

describe.each(SEED_RULES)("%s: a hostile value at any field", (rule) => {
  const seed = seeds()[rule];
  const paths = targets(rule);

  it("as a file and as the Lambda event, never throws and accounts for the record", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), hostileJson, async (path, json) => {
        const text = withJsonAt(seed.record, path, json);
        expectWellFormed(await runFile(text));
        if (seed.source === "audit") {
          expectWellFormed(await runLambdaEvents("cwl", [awslogs(cwlPayload([text]))]));
        } else {
          expectWellFormed(await runLambdaEvents("eventbridge", [JSON.parse(text)]));
        }
      }),
      { numRuns: 120 },
    );
  });

  it("the unmutated seed fires its rule (the property above is not vacuous)", async () => {
    const run = await runFile(JSON.stringify(seed.record));
    expect(run.alerts.map((a) => a.rule)).toEqual([rule]);
  });
});

describe("whole records and events replaced by hostile values", () => {
  it("a log event message, or the EventBridge event itself, of any JSON", async () => {
    await fc.assert(
      fc.asyncProperty(hostileJson, async (json) => {
        expectWellFormed(await runLambdaEvents("cwl", [awslogs(cwlPayload([json]))]));
        expectWellFormed(await runFile(json), json.trimStart().startsWith("[") ? countTopLevel(json) : 1);
        const parsed: unknown = JSON.parse(json);
        const eb = await runLambdaEvents("eventbridge", [parsed]);
        expect(eb.events + eb.rejections.length + eb.skipped).toBe(1);
        tally.inputs++;
        tally.rejected += eb.rejections.length;
      }),
      { numRuns: 200 },
    );
  });

  it("log events of any shape inside a valid payload, next to a good one", async () => {
    const good = seeds()["cninodes-forbidden"].record;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.anything(), fc.record({ id: fc.anything(), timestamp: fc.anything(), message: fc.anything() })), { maxLength: 5 }), async (junk) => {
        const payload = cwlPayload([good]);
        (payload.logEvents as unknown[]).push(...junk);
        const run = await runLambdaEvents("cwl", [awslogs(payload)]);
        expectWellFormed(run, 1 + junk.length);
        expect(run.alerts.map((a) => [a.rule, a.count])).toEqual([["cninodes-forbidden", 1]]);
      }),
      { numRuns: 150 },
    );
  });
});

describe("no prototype pollution", () => {
  it("after every hostile input above, Object.prototype is unchanged", () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_KEYS);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

/** Elements of a top-level JSON array (each is one record). */
function countTopLevel(json: string): number {
  const v: unknown = JSON.parse(json);
  return Array.isArray(v) ? v.length : 1;
}
