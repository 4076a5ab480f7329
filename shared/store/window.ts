import type { Finding, FoldedAlert } from "../types.ts";
import { foldFinding, openAlert } from "./fold.ts";

/** The part of a key's window that matters for placing new findings. */
export interface OpenWindow {
  windowStartMs: number;
  windowEndMs: number;
}

/**
 * Splits one key's findings (sorted by event time) into window segments, given the key's
 * open window if any (README "Windows and delivery"):
 * - a finding inside the open window folds into it;
 * - a finding older than the open window (late delivery) is counted in the open window and
 *   never opens an alert by itself;
 * - a finding at or after the window's end opens a new window of `windowMs`.
 * The first segment has `joinsOpen: true` when it belongs to the given open window.
 */
export function segmentByWindow(
  sorted: readonly Finding[],
  open: OpenWindow | undefined,
  windowMs: number,
): Array<{ joinsOpen: boolean; alert: FoldedAlert }> {
  const out: Array<{ joinsOpen: boolean; alert: FoldedAlert }> = [];
  let current: { joinsOpen: boolean; alert: FoldedAlert } | undefined;
  let end = open?.windowEndMs;
  for (const f of sorted) {
    if (end !== undefined && f.timeMs < end) {
      if (current) current.alert = foldFinding(current.alert, f);
      else {
        // Only reachable for the given open window: findings after a new window opened
        // are never earlier than its start, because input is sorted.
        const seed = openAlert(f, windowMs);
        current = {
          joinsOpen: true,
          alert: { ...seed, windowStartMs: open!.windowStartMs, windowEndMs: open!.windowEndMs },
        };
        out.push(current);
      }
      continue;
    }
    current = { joinsOpen: false, alert: openAlert(f, windowMs) };
    end = current.alert.windowEndMs;
    out.push(current);
  }
  return out;
}

/** Sorts findings by event time, then record id, so replays are deterministic. */
export function byEventTime(a: Finding, b: Finding): number {
  return a.timeMs - b.timeMs || (a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0);
}

/** Findings grouped by dedup key, each group in input order. */
export function groupByKey(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const g = groups.get(f.dedupKey);
    if (g) g.push(f);
    else groups.set(f.dedupKey, [f]);
  }
  return groups;
}
