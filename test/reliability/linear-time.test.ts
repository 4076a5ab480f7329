// Regexes over event and API text must stay linear: a pattern like /\s*X/ or /(.+)$/ that
// backtracks quadratically turns one long string into minutes of CPU — a Lambda timeout on
// every retry (the batch is lost) or a hung CLI. Each input below is 2 MB (the size an event
// can reach); before the fixes they took hours (40k characters already took ~1.5 s), now
// milliseconds. No time is measured: the test timeout is the only bound.
import { describe, expect, it } from "vitest";
import { awsErrorMessage } from "../../shared/core/aws-error.ts";
import { mdText } from "../../shared/fleet/md.ts";
import { actorName } from "../../shared/rules/addon-request.ts";
import { sessionName, shortenAwsMessage } from "../../shared/rules/predicates.ts";
import { SEED_RULES, runFile, runLambdaEvents, seeds } from "./harness.ts";
import { setPath, stringLeaves } from "./hostile-text.ts";

const N = 2_000_000;
const blanks = " ".repeat(N);

describe("linear time on 2 MB hostile strings", () => {
  it("shortenAwsMessage and awsErrorMessage on a long run of blanks", () => {
    expect(shortenAwsMessage(`${blanks}x`)).toBe("x");
    expect(awsErrorMessage(`${blanks}x`)).toBe("x");
    expect(awsErrorMessage(`\n${blanks}x`)).toBe("x");
  });

  it("session and actor names from an ARN-sized field that is not an ARN", () => {
    const arn = `${":assumed-role/x/".repeat(N / 16)}\n`;
    expect(sessionName({ userIdentity: { arn } })).toBeNull();
    expect(actorName({ userIdentity: { arn } })).toBe(arn);
  });

  it("mdText folds lines the same way, without backtracking", () => {
    expect(mdText(`${blanks}x`)).toBe(`${blanks}x`);
    expect(mdText("a  \r\n\n  b *c*\n")).toBe("a b \\*c\\*");
  });

  it("a system-forbidden 403 whose message is mostly blanks goes through the whole core", async () => {
    const r = seeds()["system-forbidden"].record;
    r.responseStatus.message = `${blanks}forbidden`;
    const run = await runFile(JSON.stringify(r));
    expect(run.alerts.map((a) => [a.rule, a.facts.message])).toEqual([["system-forbidden", "forbidden"]]);
  });
});

describe("pathological 100 kB strings in every string field of every rule's record", () => {
  // Repetitions that make backtracking regexes blow up, through decode → rules → fold →
  // render → Slack and SNS builders. A quadratic pattern anywhere turns one case into minutes.
  const n = 100_000;
  const patterns = [" ", "\t\n", "\n ", ":assumed-role/x/", "-0", "a://", "`", "**", "_a", "&lt;", "<@", "\\", "www.", "@here ", "eks-", "%20", "\u2028", "😀"];
  it.each(SEED_RULES)("%s", async (rule) => {
    for (const leaf of stringLeaves(seeds()[rule].record)) {
      for (const p of patterns) {
        const seed = seeds()[rule];
        setPath(seed.record, leaf.path, leaf.value + p.repeat(Math.ceil(n / p.length)));
        const run = await (seed.source === "audit" ? runFile(JSON.stringify(seed.record)) : runLambdaEvents("eventbridge", [seed.record]));
        expect(run.records).toBe(1);
      }
    }
  }, 120_000);
});
