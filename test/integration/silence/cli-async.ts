// The built launcher as a child process, awaited: the loopback peers live in this process, so a
// synchronous spawn would block them from answering.
import { spawn } from "node:child_process";
import { BIN, REPO, type CliRun } from "../../helpers/cli.ts";

export function cliAsync(args: string[], env: Record<string, string>, input = ""): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, env: { PATH: process.env.PATH, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
