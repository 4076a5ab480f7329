// Reads every input as a stream into the collector, one after the other, and totals what the
// decoders saw. Memory: the collector's findings, plus the line being decoded.
import { decodeStream, type StreamStats } from "../../shared/stream/decode-stream.ts";
import type { Collector } from "../../shared/stream/collector.ts";
import type { LineFilter } from "../../shared/stream/line-filter.ts";
import type { Rejection } from "../../shared/types.ts";
import { unreadableReason, type InputSource } from "../input/source.ts";
import type { Progress } from "./replay-progress.ts";

export interface ReadTotals {
  opened: number;
  records: number;
  skipped: number;
  skippedBy: Record<string, number>;
  filtered: number;
  rejections: Rejection[];
  unreadable: string[];
  bytes: number;
}

export function emptyTotals(unreadable: string[] = []): ReadTotals {
  return { opened: 0, records: 0, skipped: 0, skippedBy: {}, filtered: 0, rejections: [], unreadable, bytes: 0 };
}

export function addStats(t: ReadTotals, s: StreamStats): void {
  t.opened++;
  t.records += s.records;
  t.skipped += s.skipped;
  for (const [why, n] of Object.entries(s.skippedBy)) t.skippedBy[why] = (t.skippedBy[why] ?? 0) + n;
  t.filtered += s.filtered;
  for (const r of s.rejections) t.rejections.push(r);
  t.bytes += s.bytes;
}

const NO_PLACEMENT = { cluster: null, account: null, region: null };

export async function readSources(
  sources: readonly InputSource[],
  collector: Collector,
  totals: ReadTotals,
  opts: { lineFilter?: LineFilter; progress?: Progress },
): Promise<void> {
  for (const source of sources) {
    let chunks: AsyncIterable<Buffer | string>;
    try {
      chunks = await source.open();
    } catch (err) {
      totals.unreadable.push(`${source.name}: ${unreadableReason(err)}`);
      continue;
    }
    opts.progress?.startFile(source);
    try {
      // Records keep only what they name; --cluster/--account/--region fill in after the fold.
      const stats = await decodeStream(chunks, source.name, {
        defaults: NO_PLACEMENT,
        onEvent: (e) => {
          collector.add(e);
          opts.progress?.event();
        },
        ...(opts.lineFilter ? { lineFilter: opts.lineFilter } : {}),
        ...(opts.progress ? { onBytes: (n: number) => opts.progress!.bytes(n) } : {}),
      });
      addStats(totals, stats);
    } catch (err) {
      // A read that fails part way (EIO, a dropped connection): what was read counts.
      totals.unreadable.push(`${source.name}: ${unreadableReason(err)}`);
    }
  }
}
