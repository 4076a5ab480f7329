import { CommanderError } from "commander";
import { ConfigError } from "../shared/errors.ts";
import { EXIT_OK, EXIT_USAGE, type CliIo } from "./io.ts";
import { UsageError, type Outcome } from "./parser/common.ts";
import { buildProgram } from "./parser/program.ts";
import { closest } from "./suggest.ts";
import { inert } from "./terminal-text.ts";

/** Help and version are answers, not errors. */
const ANSWERS = new Set(["commander.helpDisplayed", "commander.version", "commander.help"]);

/**
 * Runs one command line. Why commander (not yargs): no dependencies of its own and a small
 * module to load (the CLI is timed as a whole process), `help CMD` and per-command help,
 * "did you mean" for commands and flags built in; completion scripts are derived from its
 * command tree (cli/completion.ts), which yargs would only give for bash and zsh.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const outcome: Outcome = { code: EXIT_OK };
  const program = buildProgram(io, outcome);
  if (argv.length === 0) {
    io.stderr.write(program.helpInformation());
    return EXIT_USAGE;
  }
  if (argv[0] === "help" && argv[1] !== undefined && !program.commands.some((c) => c.name() === argv[1])) {
    const hint = closest(argv[1], program.commands.map((c) => c.name()));
    io.stderr.write(`cni-auditor: no command "${inert(argv[1])}"${hint ? ` (did you mean ${hint}?)` : ""}; commands: ${program.commands.map((c) => c.name()).join(", ")}\n`);
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync(argv, { from: "user" });
    return outcome.code;
  } catch (err) {
    if (err instanceof CommanderError) return ANSWERS.has(err.code) && err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (err instanceof UsageError || err instanceof ConfigError) {
      const name = inert(argv.find((a) => !a.startsWith("-")) ?? "");
      io.stderr.write(`cni-auditor ${name}: ${inert(err.message)}\nRun "cni-auditor ${name} --help" for its options.\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}
