// Writing the fleet reports into --out DIR without following what someone else put there: each
// file is written to a new temporary file in DIR (created exclusively, never through a symlink)
// and renamed over the target, and a target that exists must be a regular file holding an
// earlier report of the same kind. A planted symlink or any other file is refused, not written.
import { closeSync, constants, lstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { REPORT_SCHEMA } from "../shared/fleet/report/model.ts";

export type ReportFile = "report.json" | "report.md" | "report.html";

/** How an earlier report of each kind begins (a byte prefix read from the file). */
const LOOKS_LIKE: Record<ReportFile, (head: string) => boolean> = {
  "report.json": (h) => h.startsWith(`{\n  "schema": "${REPORT_SCHEMA}"`),
  "report.md": (h) => h.startsWith("# VPC CNI fleet report\n"),
  "report.html": (h) => h.startsWith("<!doctype html>") && h.includes("<title>VPC CNI fleet report"),
};

export class ReportOutError extends Error {
  override name = "ReportOutError";
}

/** Why `path` may not be replaced, or null when it is absent or an earlier report. */
function refusal(path: string, file: ReportFile): string | null {
  let st;
  try {
    st = lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  if (st.isSymbolicLink()) return "is a symbolic link";
  if (!st.isFile()) return "is not a regular file";
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return LOOKS_LIKE[file](buf.subarray(0, n).toString("utf8")) ? null : "is not an earlier fleet report";
  } finally {
    closeSync(fd);
  }
}

/** Writes every file, or none when one of the targets may not be replaced (ReportOutError). */
export function writeReports(dir: string, files: ReadonlyArray<[ReportFile, string]>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name] of files) {
    const why = refusal(join(dir, name), name);
    if (why) throw new ReportOutError(`${join(dir, name)} ${why}: not overwritten (remove it or choose another --out)`);
  }
  for (const [name, content] of files) {
    const tmp = join(dir, `.${name}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
    // O_EXCL with O_CREAT fails on any existing path, a symlink included; O_NOFOLLOW says so twice.
    const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
    try {
      writeSync(fd, content);
    } catch (e) {
      closeSync(fd);
      rmSync(tmp, { force: true });
      throw e;
    }
    closeSync(fd);
    // rename replaces the directory entry itself: a symlink planted meanwhile is replaced, not followed.
    renameSync(tmp, join(dir, name));
  }
}
