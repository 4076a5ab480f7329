// What a stored window still owes, and its lease: one set of rules for every store.

import type { FoldedAlert } from "../types.ts";
import type { DueAlert, Lease } from "./store.ts";

/** A window as the stores keep it: the folded alert plus what was reported, and to whom. */
export interface WindowRecord {
  alert: FoldedAlert;
  /** Count reported to every sink. */
  reported: number;
  /** Count reported per sink. */
  sent: Record<string, number>;
  lease?: { owner: string; untilMs: number } | undefined;
}

/** True when the window takes no more events at `nowMs` (or a newer window superseded it). */
export function isClosed(w: WindowRecord, superseded: boolean, nowMs: number): boolean {
  return superseded || w.alert.windowEndMs <= nowMs;
}

/**
 * What the window owes: an `open` when it was never reported, an `update` when it is closed
 * with more events than were reported; undefined when nothing.
 */
export function owed(w: WindowRecord, closed: boolean): DueAlert | undefined {
  if (w.alert.count <= w.reported) return undefined;
  if (w.reported > 0 && !closed) return undefined;
  return {
    alert: w.alert,
    kind: w.reported === 0 ? "open" : "update",
    previouslyReported: w.reported,
    sent: { ...w.sent },
    closed,
  };
}

export function leaseFree(w: WindowRecord, lease: Lease): boolean {
  return !w.lease || w.lease.owner === lease.owner || w.lease.untilMs <= lease.nowMs;
}

/** Records a report on the record in place; returns whether anything changed. */
export function recordSent(w: WindowRecord, count: number, sink?: string): boolean {
  if (sink === undefined) {
    if (w.reported >= count) return false;
    w.reported = count;
    return true;
  }
  if ((w.sent[sink] ?? 0) >= count) return false;
  w.sent[sink] = count;
  return true;
}
