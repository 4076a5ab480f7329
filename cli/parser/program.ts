import { Command } from "commander";
import type { CliIo } from "../io.ts";
import type { Outcome } from "./common.ts";
import { defineFleet } from "./fleet.ts";
import { defineMemberTemplate } from "./member-template.ts";
import { definePlan } from "./plan.ts";
import { defineReplay } from "./replay.ts";
import { defineCompletion, defineRender, defineRules } from "./small-commands.ts";
import { versionText } from "./version.ts";

/**
 * The whole command line, declared once: help, completion and suggestions are derived from
 * it. Commands load their code on demand, so `replay` never pays for the fleet's SDK clients.
 */
export function buildProgram(io: CliIo, outcome: Outcome): Command {
  const program = new Command("cni-auditor")
    .description("Audits the Amazon VPC CNI on EKS: replays recorded events through the rules, audits a fleet.")
    .version(versionText(), "-V, --version", "print the version and the known-issue catalog's review date")
    .helpOption("-h, --help", "show help for a command")
    .helpCommand("help [COMMAND]", "show help for a command")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(s.replace(/^error: /, "cni-auditor: ")),
    });
  program.configureHelp({ sortSubcommands: false, showGlobalOptions: false });
  defineReplay(program, io, outcome);
  defineFleet(program, io, outcome);
  definePlan(program, io, outcome);
  defineRules(program, io, outcome);
  defineRender(program, io, outcome);
  defineMemberTemplate(program, io, outcome);
  defineCompletion(program, io, outcome);
  program.addHelpText("after", '\nRun "cni-auditor help COMMAND" or "cni-auditor COMMAND --help" for a command\'s options.');
  return program;
}
