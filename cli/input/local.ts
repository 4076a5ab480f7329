// Local inputs: files, directories (their files, sorted by name) and `-` (stdin). Each is read
// as a stream; missing paths are reported, not fatal.
import { readdirSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { byteSource, type InputSource } from "./source.ts";

const CHUNK = 1 << 20;

function fileSource(path: string, size?: number): InputSource {
  return byteSource(path, size, async () => {
    // Opened first, so an unreadable file is reported before any byte is counted.
    const handle = await open(path, "r");
    return handle.createReadStream({ highWaterMark: CHUNK, autoClose: true });
  });
}

export function expandLocal(paths: string[], stdin: NodeJS.ReadableStream): { sources: InputSource[]; unreadable: string[] } {
  const sources: InputSource[] = [];
  const unreadable: string[] = [];
  for (const p of paths) {
    if (p === "-") {
      // A stream, never readFileSync(0): a slow or non-blocking writer (`aws s3 cp … -`) works.
      sources.push(byteSource("<stdin>", undefined, async () => stdin as AsyncIterable<Buffer | string>));
      continue;
    }
    let stat;
    try {
      stat = statSync(p);
    } catch (err) {
      unreadable.push(`${p}: ${(err as NodeJS.ErrnoException).code ?? "unreadable"}`);
      continue;
    }
    if (!stat.isDirectory()) {
      sources.push(fileSource(p, stat.size));
      continue;
    }
    for (const entry of readdirSync(p, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isFile() && !entry.name.startsWith(".") && !/\.md$/i.test(entry.name)) {
        const full = join(p, entry.name);
        let size: number | undefined;
        try {
          size = statSync(full).size;
        } catch {
          size = undefined;
        }
        sources.push(fileSource(full, size));
      }
    }
  }
  return { sources, unreadable };
}
