// What a stored window still owes, and its leases: one set of rules for every store.

import { compareSeverity, type Severity } from "../core/severity.ts";
import type { FoldedAlert } from "../types.ts";
import type { DueAlert, Lease } from "./store.ts";

export interface LeaseHold {
  owner: string;
  untilMs: number;
}

/** A window as the stores keep it: the folded alert plus what was reported, and to whom. */
export interface WindowRecord {
  alert: FoldedAlert;
  /** Count reported to every sink. */
  reported: number;
  /** Count reported per sink. */
  sent: Record<string, number>;
  /** Severity each sink last received (absent in items written before severity rises were sent). */
  sentSeverity?: Record<string, Severity>;
  /** Severity every sink has received (absent: as above, or never reported). */
  reportedSeverity?: Severity | undefined;
  /** A lease on the whole window (written by earlier versions; still honoured until it runs out). */
  lease?: LeaseHold | undefined;
  /** Leases per sink: each sink is delivered on its own, so a stuck one holds no other. */
  leases?: Record<string, LeaseHold>;
  /**
   * Sinks whose route asks for a "resolved" message (`sendResolved`): false while it is owed,
   * true once sent. Only the key's newest window is ever resolved (a newer one means it was not quiet).
   */
  resolve?: Record<string, boolean>;
}

/**
 * The sinks owed a "resolved" message at `quietAtMs`: the key stayed quiet for a whole window
 * after its last event. `quietAtMs` undefined (a superseded window, or an event handler): none.
 */
export function resolveOwed(w: WindowRecord, quietAtMs: number | undefined): string[] {
  if (quietAtMs === undefined || !w.resolve) return [];
  const windowMs = w.alert.windowEndMs - w.alert.windowStartMs;
  if (w.alert.lastSeenMs + windowMs > quietAtMs) return [];
  return Object.entries(w.resolve).filter(([, done]) => !done).map(([sink]) => sink);
}

/** True when `now` is more severe than `before` (before unknown: no rise). */
export function severityRose(now: Severity, before: Severity | undefined): boolean {
  return before !== undefined && compareSeverity(now, before) < 0;
}

/** True when the window takes no more events at `nowMs` (or a newer window superseded it). */
export function isClosed(w: WindowRecord, superseded: boolean, nowMs: number): boolean {
  return superseded || w.alert.windowEndMs <= nowMs;
}

/**
 * What the window owes: an `open` when it was never reported, an `update` when it is closed
 * with more events than were reported, or when its severity rose above what was reported
 * (sent at once, open or not: one message per rise); undefined when nothing.
 */
export function owed(w: WindowRecord, closed: boolean, quietAtMs?: number): DueAlert | undefined {
  const resolve = resolveOwed(w, quietAtMs);
  if (w.alert.count <= w.reported && resolve.length > 0) {
    return { alert: w.alert, kind: "update", previouslyReported: w.reported, sent: { ...w.sent }, sentSeverity: { ...(w.sentSeverity ?? {}) }, closed: true, resolve };
  }
  if (w.alert.count <= w.reported) return undefined;
  const rose = Object.values(w.sentSeverity ?? {}).some((s) => severityRose(w.alert.severity, s)) || severityRose(w.alert.severity, w.reportedSeverity);
  if (w.reported > 0 && !closed && !rose) return undefined;
  return {
    alert: w.alert,
    kind: w.reported === 0 ? "open" : "update",
    previouslyReported: w.reported,
    sent: { ...w.sent },
    sentSeverity: { ...(w.sentSeverity ?? {}) },
    closed,
    ...(resolve.length > 0 ? { resolve } : {}),
  };
}

const live = (h: LeaseHold | undefined, lease: Lease): boolean => h !== undefined && h.owner !== lease.owner && h.untilMs > lease.nowMs;

/** Free for `lease`: no live whole-window lease of another owner, nor one on this sink (any sink when none is named). */
export function leaseFree(w: WindowRecord, lease: Lease, sink?: string): boolean {
  if (live(w.lease, lease)) return false;
  const held = Object.entries(w.leases ?? {}).filter(([s]) => sink === undefined || s === sink);
  return held.every(([, h]) => !live(h, lease));
}

export function takeLease(w: WindowRecord, lease: Lease, sink?: string): void {
  const hold = { owner: lease.owner, untilMs: lease.untilMs };
  if (sink === undefined) w.lease = hold;
  else w.leases = { ...(w.leases ?? {}), [sink]: hold };
}

/** Gives back what `owner` holds (the sink's lease, or the whole-window one); whether anything changed. */
export function dropLease(w: WindowRecord, owner: string, sink?: string): boolean {
  if (sink === undefined) {
    if (w.lease?.owner !== owner) return false;
    w.lease = undefined;
    return true;
  }
  if (w.leases?.[sink]?.owner !== owner) return false;
  const { [sink]: _gone, ...rest } = w.leases;
  w.leases = rest;
  return true;
}

/**
 * Records a report on the record in place; returns whether anything changed. `resolve`: the
 * sink's route wants a "resolved" message later (`owe`), or it was just sent (`done`).
 */
export function recordSent(w: WindowRecord, count: number, sink?: string, severity?: Severity, resolve?: "owe" | "done"): boolean {
  let resolveChanged = false;
  if (sink !== undefined && resolve !== undefined) {
    const before = w.resolve?.[sink];
    const after = resolve === "done" ? true : (before ?? false);
    if (before !== after) (w.resolve = { ...(w.resolve ?? {}), [sink]: after }), (resolveChanged = true);
  }
  return recordCounts(w, count, sink, severity) || resolveChanged;
}

function recordCounts(w: WindowRecord, count: number, sink?: string, severity?: Severity): boolean {
  if (sink === undefined) {
    const sevChanged = severity !== undefined && severity !== w.reportedSeverity && (w.reportedSeverity === undefined || severityRose(severity, w.reportedSeverity));
    if (w.reported >= count && !sevChanged) return false;
    w.reported = Math.max(w.reported, count);
    if (severity !== undefined && (w.reportedSeverity === undefined || severityRose(severity, w.reportedSeverity))) w.reportedSeverity = severity;
    return true;
  }
  const prevSev = w.sentSeverity?.[sink];
  const sevChanged = severity !== undefined && (prevSev === undefined || severityRose(severity, prevSev));
  if ((w.sent[sink] ?? 0) >= count && !sevChanged) return false;
  w.sent[sink] = Math.max(w.sent[sink] ?? 0, count);
  if (sevChanged) w.sentSeverity = { ...(w.sentSeverity ?? {}), [sink]: severity };
  return true;
}

/**
 * Settles what every sink that takes the window's severity (`takers`) now has, from the stored
 * per-sink marks (each sink is delivered on its own, maybe by different invocations): the
 * reported count is their minimum (all of it when no sink takes it). Never lowers anything.
 */
export function recordReported(w: WindowRecord, takers: readonly string[]): boolean {
  const has = takers.length === 0 ? w.alert.count : Math.min(...takers.map((t) => w.sent[t] ?? 0));
  const sevs = takers.map((t) => w.sentSeverity?.[t]);
  let sev: Severity | undefined = takers.length === 0 ? w.alert.severity : undefined;
  if (takers.length > 0 && sevs.every((x) => x !== undefined)) sev = (sevs as Severity[]).reduce((a, b) => (severityRose(a, b) ? b : a));
  let changed = false;
  for (const s of Object.keys(w.resolve ?? {})) {
    if (takers.includes(s)) continue;
    const { [s]: _dropped, ...rest } = w.resolve!;
    (w.resolve = rest), (changed = true);
  }
  if (has > w.reported) (w.reported = has), (changed = true);
  if (sev !== undefined && w.reported > 0 && (w.reportedSeverity === undefined || severityRose(sev, w.reportedSeverity))) (w.reportedSeverity = sev), (changed = true);
  return changed;
}
