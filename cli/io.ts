/** What a command may touch of the process: injected so commands run in tests unchanged. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** stdout is a terminal (colors, progress bars). */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

export type Command = (args: string[], io: CliIo) => Promise<number>;

/** Exit codes of the contract: 0 ok (even with rejected records), 2 usage or unreadable files. */
export const EXIT_OK = 0;
export const EXIT_USAGE = 2;
/** replay: the input yielded no events at all (the reason is on stderr): never a false all-clear. */
export const EXIT_NO_EVENTS = 3;
/** `--fail-on SEVERITY`: an alert at or above it was produced (CI, cron). */
export const EXIT_FAIL_ON = 4;

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
  };
}
