// Event-controlled strings (user, resource, role and cluster names, messages, add-on
// configuration) put in every string field of every rule's firing record, and the alert
// rendered for Slack, SNS and the terminal: nothing the event says may become a mention, a
// link, formatting or a control sequence, and the SNS message must parse back to the alert.
import { describe, expect, it } from "vitest";
import { formatReport } from "../../cli/report-text.ts";
import { buildSlackPayload } from "../../shared/sinks/slack.ts";
import { buildSnsPublish } from "../../shared/sinks/sns.ts";
import type { Alert, RuleId } from "../../shared/types.ts";
import { SEED_RULES, TOPIC, runFile, seeds } from "./harness.ts";
import { HOSTILE, expectInertSlack, harmless, setPath, stringLeaves } from "./hostile-text.ts";

const delivery = (alert: Alert, kind: "open" | "update" = "open") => ({ alert, kind, previouslyReported: kind === "open" ? 0 : 1 });

/** Every alert the seed of `rule` gives with `value` at `path` (replacing or appended). */
async function alertsWith(rule: RuleId, path: string[], value: string): Promise<Alert[]> {
  const seed = seeds()[rule];
  setPath(seed.record, path, value);
  return (await runFile(JSON.stringify(seed.record))).alerts;
}

describe.each(SEED_RULES)("%s: hostile text in every string field", (rule) => {
  const leaves = stringLeaves(seeds()[rule].record);

  it("stays inert in Slack, parses back from SNS, and prints no control sequence", async () => {
    let carried = 0;
    for (const leaf of leaves) {
      for (const value of [HOSTILE, leaf.value + HOSTILE]) {
        const alerts = await alertsWith(rule, leaf.path, value);
        const baseline = await alertsWith(rule, leaf.path, harmless(value));
        for (const alert of alerts) {
          const json = JSON.stringify(alert);
          if (json.includes("PWNED")) carried++;
          const base = baseline.find((b) => b.rule === alert.rule) ?? alert;
          for (const kind of ["open", "update"] as const) {
            expectInertSlack(buildSlackPayload(delivery(alert, kind)), alert, buildSlackPayload(delivery(base, kind)));
            const publish = buildSnsPublish(delivery(alert, kind), TOPIC, "chatbot");
            const env = JSON.parse(publish.Message!) as Record<string, string>;
            expect(JSON.parse(env.sqs!)).toEqual(alert);
            // The mail: no live link, control sequence or forged line from the event.
            expect(env.email).not.toMatch(/https?:\/\/evil|www\.evil|[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]|^- \*\*PWNED-L/m);
            // Chatbot's Markdown: no link or mention from the event, and no line it forged.
            const chat = JSON.parse(env.https!) as { content: { title: string; description: string } };
            expect(JSON.stringify(chat)).not.toMatch(/https?:\/\/evil|www\.evil|(?<!\\)<[!@#]|@(here|channel|everyone)\b/);
            expect(chat.content.description).not.toMatch(/^(- \*\*PWNED-L|`{3}\s*$\nPWNED-F)/m);
            expect(publish.Subject).toMatch(/^[\x20-\x7e]{1,99}$/);
            for (const a of Object.values(publish.MessageAttributes!)) expect(a.StringValue).not.toBe("");
          }
          // The terminal report: no escape sequence or control character from the event.
          // eslint-disable-next-line no-control-regex
          expect(formatReport([alert], { color: false })).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
        }
      }
    }
    // The hostile text really reached rendered alerts, through many fields.
    expect(carried).toBeGreaterThanOrEqual(3);
  });
});

describe("the alert JSON keeps event text as it was", () => {
  it("facts hold the raw value; only the human-readable title and remediation are made inert", async () => {
    const [alert] = await alertsWith("aws-node-modified", ["user", "username"], HOSTILE);
    expect(alert!.facts.user).toBe(HOSTILE);
    expect(alert!.dedupKey).toContain(HOSTILE.slice(0, 40)); // a long part is cut and digested
    expect(alert!.title).not.toContain("\n");
    expect(alert!.title).toContain("PWNED-L");
    expect(alert!.remediation.split("\n").filter((l) => l.includes("PWNED"))).toHaveLength(1);
  });
});
