// The files `replay` reads from its arguments. A directory is walked to any depth, as real
// exports lay out: `aws s3 sync` of a trail bucket (AWSLogs/<account>/CloudTrail/<region>/<yyyy>/
// <mm>/<dd>/*.json.gz, an organization trail's AWSLogs/o-…/<account>/…), export tasks
// (<task>/<stream>/000000.gz). Deterministic: entries in code-point order (not the locale's),
// hidden entries (.…) and notes (*.md) left out, each directory read once by its real path, so a
// symlink loop (or a link to a directory already read) ends the walk instead of repeating it.
import { readFileSync, readdirSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";

export interface InputFile {
  name: string;
  read: () => Uint8Array;
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const errorCode = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? "unreadable";
const fileOf = (name: string): InputFile => ({ name, read: () => readFileSync(name) });

/** Files, directories (every file under them, sorted) and `-`; unreadable paths are reported, not fatal. */
export function expandInputs(paths: string[]): { files: InputFile[]; unreadable: string[] } {
  const files: InputFile[] = [];
  const unreadable: string[] = [];
  for (const p of paths) {
    if (p === "-") {
      files.push({ name: "<stdin>", read: () => readFileSync(0) });
      continue;
    }
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch (err) {
      unreadable.push(`${p}: ${errorCode(err)}`);
      continue;
    }
    if (!isDir) {
      files.push(fileOf(p));
      continue;
    }
    const before = files.length;
    walk(p, new Set(), files, unreadable);
    if (files.length === before) unreadable.push(`${p}: no input files in this directory or below`);
  }
  return { files, unreadable };
}

function walk(dir: string, seen: Set<string>, files: InputFile[], unreadable: string[]): void {
  let entries;
  try {
    const real = realpathSync(dir);
    if (seen.has(real)) return; // a symlink loop, or a directory linked twice
    seen.add(real);
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    unreadable.push(`${dir}: ${errorCode(err)}`);
    return;
  }
  for (const entry of entries.sort((a, b) => byCodePoint(a.name, b.name))) {
    if (entry.name.startsWith(".")) continue;
    const full = join(dir, entry.name);
    let kind: "file" | "dir" | "other" = entry.isFile() ? "file" : entry.isDirectory() ? "dir" : "other";
    if (entry.isSymbolicLink()) {
      try {
        const st = statSync(full);
        kind = st.isFile() ? "file" : st.isDirectory() ? "dir" : "other";
      } catch (err) {
        unreadable.push(`${full}: ${errorCode(err)}`); // a dangling link
        continue;
      }
    }
    if (kind === "dir") walk(full, seen, files, unreadable);
    else if (kind === "file" && !/\.md$/i.test(entry.name)) files.push(fileOf(full));
  }
}
