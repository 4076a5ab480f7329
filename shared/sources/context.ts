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
  filtered: number;
}

export interface AuditPrefilters {
  keepAuditMessage?: (raw: string) => boolean;
  candidateScan?: CandidateScan;
}

export function newContext(file: string, defaults: Placement, prefilters: AuditPrefilters = {}): DecodeContext {
  const { keepAuditMessage, candidateScan } = prefilters;
  return { file, defaults, keepAuditMessage, candidateScan, events: [], rejections: [], skipped: 0, filtered: 0 };
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

/** Every record ends up in exactly one bucket, so `records` is their sum. */
export function recordCount(ctx: DecodeContext): number {
  return ctx.events.length + ctx.rejections.length + ctx.skipped + ctx.filtered;
}
