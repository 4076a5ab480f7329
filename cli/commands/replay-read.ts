// Reads the inputs into the collector (a few at a time where that helps: S3 objects, log
// groups) and totals what the decoders saw, in the inputs' order whatever finished first.
// Memory: the collector's findings, plus the lines being decoded.
import type { StreamStats } from "../../shared/stream/decode-stream.ts";
import type { Collector } from "../../shared/stream/collector.ts";
import type { Rejection } from "../../shared/types.ts";
import { mapLimit, unreadableReason, type InputSource, type ReadHooks } from "../input/source.ts";
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

export interface ReadOptions extends Pick<ReadHooks, "lineFilter" | "prefilters" | "recordFilter"> {
  progress?: Progress;
  /** Inputs read at once (1: one after the other). */
  concurrency?: number;
}

export async function readSources(sources: readonly InputSource[], collector: Collector, totals: ReadTotals, opts: ReadOptions = {}): Promise<void> {
  const { progress } = opts;
  const hooks: ReadHooks = {
    onEvent: progress
      ? (e) => {
          collector.add(e);
          progress.event();
        }
      : (e) => collector.add(e),
    ...(progress ? { onBytes: (n: number) => progress.bytes(n) } : {}),
    ...(opts.lineFilter ? { lineFilter: opts.lineFilter } : {}),
    ...(opts.prefilters ? { prefilters: opts.prefilters } : {}),
    ...(opts.recordFilter ? { recordFilter: opts.recordFilter } : {}),
  };
  const results = await mapLimit(sources, opts.concurrency ?? 1, async (source): Promise<StreamStats | string> => {
    progress?.startFile(source);
    try {
      return await source.read(hooks);
    } catch (err) {
      // Not opened, or failed part way (EIO, a dropped connection, access denied).
      return `${source.name}: ${unreadableReason(err)}`;
    }
  });
  for (const r of results) {
    if (typeof r === "string") totals.unreadable.push(r);
    else addStats(totals, r);
  }
}
