import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export interface InputFile {
  name: string;
  read: () => Uint8Array;
}

/** Files, directories (their files, sorted) and `-`; missing paths are reported, not fatal. */
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
      unreadable.push(`${p}: ${(err as NodeJS.ErrnoException).code ?? "unreadable"}`);
      continue;
    }
    if (!isDir) {
      files.push({ name: p, read: () => readFileSync(p) });
      continue;
    }
    for (const entry of readdirSync(p, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isFile() && !entry.name.startsWith(".") && !/\.md$/i.test(entry.name)) {
        const full = join(p, entry.name);
        files.push({ name: full, read: () => readFileSync(full) });
      }
    }
  }
  return { files, unreadable };
}
