// Pure planning of one key's batch against its head: which windows the findings fold into or
// open, what becomes due, and what the head looks like afterwards. The DynamoDB store then
// writes the plan with one conditional UpdateItem (see dynamo-store.ts).

import type { Finding } from "../types.ts";
import { foldAlerts } from "./fold.ts";
import { fitDoc } from "./fit.ts";
import type { HeadDoc } from "./dynamo-items.ts";
import { owed, type WindowRecord } from "./owed.ts";
import type { DueAlert } from "./store.ts";
import { byEventTime, segmentByWindow } from "./window.ts";

/** Closed windows kept in the head; older ones that still owe move to their own items. */
export const MAX_CLOSED_IN_HEAD = 6;

export interface ApplyPlan {
  doc: HeadDoc;
  /** Event time of the first finding that opened a window (the claim's `:eventTime`), if any. */
  claimAtMs: number | undefined;
  /** Findings added to the windows: the count delta for the head's open window when not claiming. */
  added: number;
  due: DueAlert[];
  /** Closed windows read from the head that move out to `a#` items (frozen at the read version). */
  toArchive: WindowRecord[];
}

const clone = (w: WindowRecord): WindowRecord => ({ ...w, sent: { ...w.sent } });

export function planApply(doc: HeadDoc | undefined, findings: readonly Finding[], windowMs: number): ApplyPlan {
  const sorted = [...findings].sort(byEventTime);
  let current = doc ? clone(doc.current) : undefined;
  const unchanged = doc ? doc.closed.map(clone) : [];
  const newlyClosed: WindowRecord[] = [];
  let claimAtMs: number | undefined;
  for (const seg of segmentByWindow(sorted, doc?.current.alert, windowMs)) {
    if (seg.joinsOpen && current) {
      current.alert = foldAlerts(current.alert, seg.alert);
      continue;
    }
    claimAtMs ??= seg.alert.windowStartMs;
    if (current) newlyClosed.push(current);
    current = { alert: seg.alert, reported: 0, sent: {} };
  }
  if (!current) throw new Error("planApply: no findings");
  const owing = [...unchanged, ...newlyClosed].filter((w) => w.alert.count > w.reported);
  // Only windows unchanged since the read may move out: their content is fixed by `ver`.
  const toArchive = unchanged.filter((w) => owing.includes(w)).slice(0, Math.max(0, owing.length - MAX_CLOSED_IN_HEAD));
  const due: DueAlert[] = [];
  for (const w of newlyClosed) {
    const d = owed(w, true);
    if (d) due.push(d);
  }
  if (claimAtMs !== undefined) due.push(owed(current, false)!);
  return {
    // Bounded by bytes, not only by counts: an item DynamoDB refuses would fail the key for good.
    doc: fitDoc({
      current,
      closed: owing.filter((w) => !toArchive.includes(w)),
      archived: [...(doc?.archived ?? []), ...toArchive.map((w) => w.alert.windowStartMs)],
    }),
    claimAtMs,
    added: sorted.length,
    due,
    toArchive,
  };
}
