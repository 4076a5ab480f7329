import type { CliIo } from "../io.ts";

// Placeholder while the fleet audit (issue 4) is being written; replaced shortly.
export async function run(_args: string[], io: CliIo): Promise<number> {
  io.stderr.write("cni-auditor fleet: not available yet\n");
  return 2;
}
