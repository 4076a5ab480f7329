import type { Command } from "commander";
import { isRegion } from "../../shared/core/region.ts";
import type { CliIo } from "../io.ts";
import { UsageError, type Outcome } from "./common.ts";

const AFTER = `
Example (after npx sst deploy --stage prod):
  AWS_PROFILE=prod cni-auditor doctor --stage prod --region eu-west-1 --topic-arn <alertTopic output>

Exit codes: 0 every check passed (skipped ones aside), 1 a check failed, 2 usage error.`;

export function defineDoctor(program: Command, io: CliIo, outcome: Outcome): void {
  program
    .command("doctor")
    .summary("check a deployed stage end to end, then send a test alert through every sink")
    .description(
      "With your AWS credentials: every /aws/eks/*/cluster log group carries the auditor's filter (or the " +
        "account-level policy), the generated EventBridge rules exist in the right state, a trail logs read and " +
        "write management events, each configured secret is readable; then a test alert goes through every sink. " +
        "Prints one PASS/FAIL/SKIP row per check.",
    )
    .requiredOption("--stage <NAME>", "the stage to check (its settings say what should be there)")
    .option("--settings <FILE>", "JSON file of stage settings by stage name (default: STAGES in infra/config.ts)")
    .option("--region <REGION>", "the stage's region (default: AWS_REGION)")
    .option("--profile <NAME>", "AWS profile (default: AWS_PROFILE)")
    .option("--topic-arn <ARN>", "the stage's alert topic (its alertTopic output), to test SNS")
    .option("--no-test-alert", "check only, send nothing")
    .option("--json", "print the results as JSON")
    .addHelpText("after", AFTER)
    .action(async (raw: Record<string, unknown>) => {
      const region = (raw.region as string | undefined) ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
      if (!region) throw new UsageError("--region is required (or set AWS_REGION)");
      if (!isRegion(region)) throw new UsageError(`--region: "${region.slice(0, 40)}" is not an AWS region`);
      const topicArn = raw.topicArn as string | undefined;
      if (topicArn !== undefined && !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(topicArn))
        throw new UsageError("--topic-arn: not an SNS topic ARN");
      const { runDoctor } = await import("../commands/doctor.ts");
      outcome.code = await runDoctor(
        {
          stage: raw.stage as string,
          settings: raw.settings as string | undefined,
          region,
          profile: raw.profile as string | undefined,
          topicArn,
          testAlert: raw.testAlert !== false,
          json: raw.json === true,
        },
        io,
      );
    });
}
