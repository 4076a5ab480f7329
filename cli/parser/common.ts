import { Option, type Command } from "commander";
import type { CliIo } from "../io.ts";

/** A flag combination or value the command cannot run with: exit 2 with the message. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Repeatable list flags: `--only-rule a --only-rule b` and `--only-rule a,b` both give [a, b]. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(",").map((s) => s.trim()).filter(Boolean)];
}

/** `--color` / `--no-color` on every command that prints (see useColor). */
export function addColorOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option("--color", "colors even when stdout is not a terminal (also FORCE_COLOR=1)"))
    .addOption(new Option("--no-color", "plain text even on a terminal (also NO_COLOR=1)"));
}

/**
 * Colors on or off: the flag wins, then NO_COLOR (no-color.org: any non-empty value), then
 * FORCE_COLOR (anything but 0/false), then whether stdout is a terminal that is not "dumb".
 */
export function useColor(flag: boolean | undefined, io: CliIo): boolean {
  if (flag !== undefined) return flag;
  if (io.env.NO_COLOR) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  return io.isTTY && io.env.TERM !== "dumb";
}

/** Where a command's result goes: the action sets it, main returns it as the exit code. */
export interface Outcome {
  code: number;
}
