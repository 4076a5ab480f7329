// An SNS message must fit (256 KiB with its attributes) whatever size the event strings have:
// SNS refuses a bigger one with a non-retryable InvalidParameter, and the alert is lost there.
// Events reach Lambda at up to 1 MB (CloudWatch Logs and EventBridge limits), so one string
// in an alert can be about that long.
import { describe, expect, it } from "vitest";
import { buildSnsPublish, MESSAGE_MAX_BYTES } from "../../shared/sinks/sns.ts";
import type { Alert, RuleId } from "../../shared/types.ts";
import { SEED_RULES, TOPIC, runFile, seeds } from "./harness.ts";
import { setPath, stringLeaves } from "./hostile-text.ts";

const SNS_LIMIT = 256 * 1024;
const HUGE = "Ω".repeat(900_000); // 1.8 MB of UTF-8: bytes, not characters, are what SNS counts

function publishedBytes(p: ReturnType<typeof buildSnsPublish>): number {
  let n = Buffer.byteLength(p.Message!);
  for (const [name, a] of Object.entries(p.MessageAttributes!)) n += Buffer.byteLength(name) + Buffer.byteLength(a.DataType!) + Buffer.byteLength(a.StringValue!);
  return n;
}

describe.each(SEED_RULES)("%s: a huge string in any field still gives a publishable alert", (rule: RuleId) => {
  it("fits, parses back as the same alert (strings capped), and keeps the routing attributes", async () => {
    let huge = 0;
    for (const leaf of stringLeaves(seeds()[rule].record)) {
      const seed = seeds()[rule];
      setPath(seed.record, leaf.path, leaf.value + HUGE);
      const { alerts } = await runFile(JSON.stringify(seed.record));
      for (const alert of alerts) {
        const p = buildSnsPublish({ alert, kind: "open", previouslyReported: 0 }, TOPIC);
        expect(publishedBytes(p)).toBeLessThanOrEqual(SNS_LIMIT);
        expect(Buffer.byteLength(p.Message!)).toBeLessThanOrEqual(MESSAGE_MAX_BYTES);
        // Per-protocol messages: programs read `default`, the alert JSON (shrunk only when it does not fit).
        const back = JSON.parse((JSON.parse(p.Message!) as { default: string }).default) as Alert;
        if (JSON.stringify(back.facts) === '{"truncated":true}' && JSON.stringify(alert.facts) !== '{"truncated":true}') huge++;
        else expect(back).toEqual(alert);
        for (const k of ["rule", "severity", "count", "firstSeen", "lastSeen", "account", "region"] as const) {
          if (typeof alert[k] !== "string" || (alert[k] as string).length < 1000) expect(back[k]).toEqual(alert[k]);
        }
        expect(p.MessageAttributes!.rule!.StringValue).toBe(alert.rule);
        expect(p.Subject!.length).toBeLessThanOrEqual(99);
      }
    }
    expect(huge).toBeGreaterThan(0);
  });
});
