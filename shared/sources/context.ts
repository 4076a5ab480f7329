// The accumulator every decoder writes into, and how positions are spelled.
// Positions: ordinal words are 1-based ("line 3", "record 2", "logEvent 4"); bracketed
// indexes are 0-based, as jq spells them ("Records[7]", "events[0]").
import type { CandidateScan } from "../prefilter/candidate-scan.ts";
import type { NormalizedEvent, Placement, Rejection } from "../types.ts";

export interface DecodeContext {
  file: string;
  defaults: Placement;
  keepAuditMessage: ((raw: string) => boolean) | undefined;
  /** Marks the log events of a subscription payload worth parsing (fast-payload.ts). */
  candidateScan: CandidateScan | undefined;
  events: NormalizedEvent[];
  rejections: Rejection[];
  skipped: number;
  /** Why records were skipped, by reason class (sums to `skipped`). */
  skippedBy: Record<string, number>;
  filtered: number;
}

/** Reason classes of skipped records: fine, but not events the rules read. */
export type SkipReason =
  | "control-message"
  | "other-log-stream"
  | "service-event"
  | "cloudtrail-digest"
  | "cloudtrail-insight";

export interface AuditPrefilters {
  keepAuditMessage?: (raw: string) => boolean;
  candidateScan?: CandidateScan;
}

export function newContext(file: string, defaults: Placement, prefilters: AuditPrefilters = {}): DecodeContext {
  const { keepAuditMessage, candidateScan } = prefilters;
  return { file, defaults, keepAuditMessage, candidateScan, events: [], rejections: [], skipped: 0, skippedBy: {}, filtered: 0 };
}

/** Joins a container position and a step inside it: "line 3" + "logEvent 4". */
export function at(prefix: string, step: string): string {
  return prefix === "" ? step : `${prefix} › ${step}`;
}

/** The position shown for a value at `prefix`; the whole input when it is the top level. */
export function shown(prefix: string): string {
  return prefix === "" ? "document" : prefix;
}

export function reject(ctx: DecodeContext, position: string, reason: string): void {
  ctx.rejections.push({ origin: { file: ctx.file, position: shown(position) }, reason });
}

export function skip(ctx: DecodeContext, reason: SkipReason, n = 1): void {
  if (n <= 0) return;
  ctx.skipped += n;
  ctx.skippedBy[reason] = (ctx.skippedBy[reason] ?? 0) + n;
}

/** Every record ends up in exactly one bucket, so `records` is their sum. */
export function recordCount(ctx: DecodeContext): number {
  let rejected = 0;
  for (const r of ctx.rejections) rejected += r.records ?? 1;
  return ctx.events.length + rejected + ctx.skipped + ctx.filtered;
}
