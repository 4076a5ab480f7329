import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const BIN = fileURLToPath(new URL("../../bin/cni-auditor.mjs", import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real, built `cni-auditor` launcher as a user would (npm test builds it first). */
export function cli(args: string[], opts: { input?: string | Buffer; env?: NodeJS.ProcessEnv } = {}): CliRun {
  if (!existsSync(new URL("../../dist/cli/cni-auditor.mjs", import.meta.url))) {
    throw new Error("dist/cli is missing: run `npm run build` (npm test does it)");
  }
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: REPO,
    input: opts.input,
    encoding: "utf8",
    env: { PATH: process.env.PATH, ...opts.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function jsonLines<T = Record<string, unknown>>(text: string): T[] {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as T);
}
