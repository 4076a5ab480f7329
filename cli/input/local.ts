// Local inputs: files, directories and `-` (stdin). Each is read as a stream; missing paths are
// reported, not fatal. A directory is walked to any depth, as real exports lay out: `aws s3 sync`
// of a trail bucket (AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/*.json.gz, an
// organization trail's AWSLogs/o-…/<account>/…), export tasks (<task>/<stream>/000000.gz).
// Deterministic: entries in code-point order (not the locale's), hidden entries (.…) and notes
// (*.md) left out, each directory read once by its real path, so a symlink loop (or a link to a
// directory already read) ends the walk instead of repeating it.
import { readdirSync, realpathSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { byteSource, type InputSource } from "./source.ts";

const CHUNK = 1 << 20;

export function fileSource(path: string, size?: number): InputSource {
  const source = byteSource(path, size, async () => {
    // Opened first, so an unreadable file is reported before any byte is counted.
    const handle = await open(path, "r");
    return handle.createReadStream({ highWaterMark: CHUNK, autoClose: true });
  });
  return { ...source, path };
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const errorCode = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? "unreadable";

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
      unreadable.push(`${p}: ${errorCode(err)}`);
      continue;
    }
    if (!stat.isDirectory()) {
      sources.push(fileSource(p, stat.size));
      continue;
    }
    walk(p, new Set(), sources, unreadable); // none found: replay says "no input was read" (exit 3)
  }
  return { sources, unreadable };
}

function walk(dir: string, seen: Set<string>, sources: InputSource[], unreadable: string[]): void {
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
    let st;
    try {
      st = statSync(full); // follows a link: what it points at decides
    } catch (err) {
      unreadable.push(`${full}: ${errorCode(err)}`); // a dangling link
      continue;
    }
    if (st.isDirectory()) walk(full, seen, sources, unreadable);
    else if (st.isFile() && !/\.md$/i.test(entry.name)) sources.push(fileSource(full, st.size));
  }
}
