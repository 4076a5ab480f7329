import { EXIT_USAGE, type CliIo, type Command } from "./io.ts";

const USAGE = `Usage: cni-auditor <command> [options]

Commands:
  replay [options] FILE...   run recorded audit-log / CloudTrail events through the rules
  rules [--json]             list the detection rules and the known-issue catalog
  fleet [options]            audit every cluster's VPC CNI add-on state (EKS API)

Run "cni-auditor <command> --help" for a command's options.
`;

// Commands load on demand so `replay` never pays for the fleet audit's SDK clients.
const COMMANDS: Record<string, () => Promise<{ run: Command }>> = {
  replay: () => import("./commands/replay.ts"),
  rules: () => import("./commands/rules.ts"),
  fleet: () => import("./commands/fleet.ts"),
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    (name ? io.stdout : io.stderr).write(USAGE);
    return name ? 0 : EXIT_USAGE;
  }
  if (name === "--version") {
    io.stdout.write(`${process.env.CNI_AUDITOR_VERSION ?? "0.1.0"}\n`);
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr.write(`cni-auditor: unknown command "${name}"\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { run } = await load();
  return run(rest, io);
}
