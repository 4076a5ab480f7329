// An input replay reads: a name for messages, its size when known (progress), and how to read
// it into the collector. Files, stdin and S3 objects are byte streams (byteSource); log groups
// arrive as pages of log events. A read that cannot start throws (the input is reported as
// unreadable, the others are still read).
import type { AuditPrefilters } from "../../shared/sources/context.ts";
import { decodeStream, type StreamStats } from "../../shared/stream/decode-stream.ts";
import type { LineFilter } from "../../shared/prefilter/line-filter.ts";
import type { RecordFilter } from "../../shared/stream/cloudtrail-records.ts";
import type { NormalizedEvent } from "../../shared/types.ts";

export interface ReadHooks {
  onEvent: (e: NormalizedEvent) => void;
  onBytes?: (n: number) => void;
  lineFilter?: LineFilter;
  prefilters?: AuditPrefilters;
  recordFilter?: RecordFilter;
}

export interface InputSource {
  name: string;
  size?: number;
  /** A local file's path: such inputs can be read by worker threads. */
  path?: string;
  read(hooks: ReadHooks): Promise<StreamStats>;
}

const NO_PLACEMENT = { cluster: null, account: null, region: null };

/** An input whose bytes `open` streams: decoded as files are (plain or gzip, any format). */
export function byteSource(name: string, size: number | undefined, open: () => Promise<AsyncIterable<Buffer | string>>): InputSource {
  return {
    name,
    ...(size !== undefined ? { size } : {}),
    async read(hooks) {
      const chunks = await open();
      // Records keep only what they name; --cluster/--account/--region fill in after the fold.
      return decodeStream(chunks, name, {
        defaults: NO_PLACEMENT,
        onEvent: hooks.onEvent,
        ...(hooks.lineFilter ? { lineFilter: hooks.lineFilter } : {}),
        ...(hooks.prefilters ? { prefilters: hooks.prefilters } : {}),
        ...(hooks.recordFilter ? { recordFilter: hooks.recordFilter } : {}),
        ...(hooks.onBytes ? { onBytes: hooks.onBytes } : {}),
      });
    },
  };
}

/** Why an input could not be read, as the summary line shows it. */
export function unreadableReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { name?: string };
  return e.code ?? (e.name && e.name !== "Error" ? e.name : undefined) ?? e.message ?? "unreadable";
}

/** Runs `fn` over `items` with at most `limit` in flight; results in the items' order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
