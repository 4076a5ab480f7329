import { Option, type Command } from "commander";
import { RENDER_TARGETS, SNS_FORMATS, type RenderTarget, type SnsFormat } from "../../shared/output/formats.ts";
import type { CliIo } from "../io.ts";
import type { RenderOptions } from "../options.ts";
import { addColorOptions, type Outcome } from "./common.ts";

export type { RenderOptions };

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

export function defineRules(program: Command, io: CliIo, outcome: Outcome): void {
  program
    .command("rules")
    .summary("list the detection rules and the known-issue catalog")
    .description(
      "Lists the detection rules (id, source, severity, dedup key), the fleet checks (fleet/… ids and what each reads) " +
        "and the known-issue catalog (range, conditions, kind, review date, sources), headed by the catalog's newest " +
        "review date and the newest versions it covers.",
    )
    .option("--json", "print rules and catalog as one JSON document")
    .action(async (raw: { json?: boolean }) => {
      const { runRules } = await import("../commands/rules.ts");
      outcome.code = await runRules({ json: raw.json === true }, io);
    });
}


export function defineRender(program: Command, io: CliIo, outcome: Outcome): void {
  program
    .command("render")
    .summary("print the exact payload a sink would post for an alert")
    .description(
      "Reads one alert (the contract's JSON, e.g. a line of `replay --json`) or JSON Lines of them, " +
        "and prints what that sink posts: Slack Block Kit JSON (paste into Block Kit Builder), the SNS " +
        "Publish input, the e-mail text, or the Security Hub finding (ASFF). Nothing is sent.",
    )
    .addOption(new Option("--to <SINK>", "the sink whose payload to print").choices(RENDER_TARGETS).makeOptionMandatory())
    .argument("[ALERT]", "alert JSON file, or - for stdin", "-")
    .option("--topic-arn <ARN>", "SNS topic the Publish input names (sns)")
    .addOption(new Option("--sns-format <FORMAT>", "what the topic's subscribers read (sns): alert JSON, or AWS Chatbot's format").choices(SNS_FORMATS).default("alert"))
    .option("--update", "render the update sent when a window closes with more events")
    .addHelpText("after", "\nExample:\n  cni-auditor replay --json examples/incident | head -1 | cni-auditor render --to slack -")
    .action(async (file: string, raw: { to: RenderTarget; topicArn?: string; snsFormat: SnsFormat; update?: boolean }) => {
      const { runRender } = await import("../commands/render.ts");
      outcome.code = await runRender({ to: raw.to, file, topicArn: raw.topicArn, snsFormat: raw.snsFormat, update: raw.update === true }, io);
    });
}

export function defineCompletion(program: Command, io: CliIo, outcome: Outcome): void {
  program
    .command("completion")
    .summary("print a shell completion script (bash, zsh, fish)")
    .description(
      "Prints a completion script for your shell (static: nothing runs cni-auditor when you press TAB).",
    )
    .addHelpText(
      "after",
      "\nInstall:\n" +
        "  bash: cni-auditor completion bash > ~/.local/share/bash-completion/completions/cni-auditor\n" +
        "  zsh:  cni-auditor completion zsh > \"${fpath[1]}/_cni-auditor\"\n" +
        "  fish: cni-auditor completion fish > ~/.config/fish/completions/cni-auditor.fish",
    )
    .addArgument(program.createArgument("<SHELL>", "bash, zsh or fish").choices(SHELLS))
    .action(async (shell: Shell) => {
      const { completionScript } = await import("../completion.ts");
      io.stdout.write(completionScript(program, shell));
      outcome.code = 0;
    });
}

export { addColorOptions };
