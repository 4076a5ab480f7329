// The progress line on stderr while replay reads: files, bytes, events/s, and an ETA when the
// total size is known. Only on a terminal (never in a pipe, a log or a test) and not with --quiet.
// Redrawn at most every 200 ms; cleared before the summary.
import type { InputSource } from "../input/source.ts";

export interface Progress {
  startFile(source: InputSource): void;
  bytes(n: number): void;
  event(): void;
  done(): void;
}

const MB = 1024 * 1024;

function eta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "";
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

export function progressLine(out: NodeJS.WritableStream & { isTTY?: boolean }, totalFiles: number, totalBytes: number | undefined, clock = Date.now): Progress {
  const started = clock();
  let files = 0;
  let bytes = 0;
  let events = 0;
  let last = 0;
  let shown = false;
  const draw = (force = false): void => {
    const now = clock();
    if (!force && now - last < 200) return;
    last = now;
    const secs = Math.max((now - started) / 1000, 0.001);
    const rate = Math.round(events / secs);
    let line = `replay: file ${files}/${totalFiles}, ${(bytes / MB).toFixed(1)} MB`;
    if (totalBytes) line += ` of ${(totalBytes / MB).toFixed(1)} MB`;
    line += `, ${rate} events/s`;
    if (totalBytes && bytes > 0) line += `, ETA ${eta(((totalBytes - bytes) * secs) / bytes)}`;
    out.write(`\r${line}\u001b[K`);
    shown = true;
  };
  return {
    startFile() {
      files++;
      draw();
    },
    bytes(n) {
      bytes += n;
      draw();
    },
    event() {
      events++;
      if ((events & 1023) === 0) draw();
    },
    done() {
      if (shown) out.write("\r\u001b[K");
    },
  };
}

/** A progress line only where a person watches: stderr a terminal, no --quiet. */
export function progressFor(stderr: NodeJS.WritableStream & { isTTY?: boolean }, quiet: boolean, sources: readonly InputSource[]): Progress | undefined {
  if (quiet || !stderr.isTTY) return undefined;
  const sizes = sources.map((s) => s.size);
  const total = sizes.every((s) => s !== undefined) ? sizes.reduce((a, b) => a! + b!, 0) : undefined;
  return progressLine(stderr, sources.length, total);
}
