import { Option, type Command } from "commander";
import type { CliIo } from "../io.ts";
import type { MemberTemplateCliOptions } from "../commands/member-template.ts";
import { collect, UsageError, type Outcome } from "./common.ts";

const AFTER = `
Example (README, "An organization"): the role in one region per account, the forwarding in every region:
  cni-auditor member-template --stage member --no-events --logs none > member-role.json
  cni-auditor member-template --stage member --no-role --logs account > member-forward.json
  aws cloudformation create-stack-set --stack-set-name cni-auditor-member-role --template-body file://member-role.json \\
    --capabilities CAPABILITY_NAMED_IAM --permission-model SERVICE_MANAGED --auto-deployment Enabled=true,RetainStacksOnAccountRemoval=false`;

// sts:ExternalId: 2–1224 characters of [\\w+=,.@:/-] (IAM's AssumeRole reference).
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/*-]{1,512}$/;

export function defineMemberTemplate(program: Command, io: CliIo, outcome: Outcome): void {
  program
    .command("member-template")
    .summary("print the CloudFormation template a StackSet rolls out to member accounts")
    .description(
      "Prints a CloudFormation template for member accounts, from a member stage's settings: the role the " +
        "fleet audit assumes (trusting the central account, read-only EKS actions) and, unless turned off, the " +
        "forwarding a member stage deploys (EventBridge rules to the central bus, audit log subscriptions to the " +
        "central account's destination in the stack's region). Nothing is deployed.",
    )
    .requiredOption("--stage <NAME>", "the member stage whose settings to use (mode member)")
    .option(
      "--settings <FILE>",
      "JSON file of stage settings by stage name (default: STAGES in infra/config.ts), CNI_AUDITOR_* variables override",
    )
    .option("--no-role", "leave out the fleet read role (IAM is global: one region per account carries it)")
    .option("--no-events", "leave out the EventBridge forwarding")
    .addOption(
      new Option(
        "--logs <HOW>",
        "audit log forwarding: per cluster log group, an account-level policy, or none (default: log-groups with clusters, else account)",
      ).choices(["log-groups", "account", "none"]),
    )
    .option("--external-id <ID>", "require this sts:ExternalId to assume the fleet role")
    .option("--trusted-role <ARN>", "only this central-account role may assume the fleet role (repeatable)", collect)
    .addOption(new Option("--format <FORMAT>", "template format").choices(["json", "yaml"]).default("json"))
    .addHelpText("after", AFTER)
    .action(async (raw: Record<string, unknown>) => {
      const externalId = raw.externalId as string | undefined;
      if (externalId !== undefined && !EXTERNAL_ID.test(externalId))
        throw new UsageError("--external-id: 2–1224 characters of letters, digits and +=,.@:/-_");
      const trustedRoles = (raw.trustedRole as string[] | undefined) ?? [];
      for (const r of trustedRoles)
        if (!ROLE_ARN.test(r)) throw new UsageError(`--trusted-role: "${r.slice(0, 200)}" is not an IAM role ARN`);
      const opts: MemberTemplateCliOptions = {
        stage: raw.stage as string,
        settings: raw.settings as string | undefined,
        role: raw.role !== false,
        events: raw.events !== false,
        logs: raw.logs as MemberTemplateCliOptions["logs"],
        externalId,
        trustedRoles,
        format: raw.format as "json" | "yaml",
      };
      const { runMemberTemplate } = await import("../commands/member-template.ts");
      outcome.code = await runMemberTemplate(opts, io);
    });
}
