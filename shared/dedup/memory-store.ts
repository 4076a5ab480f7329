import type { AddonState } from "../rules/rule.ts";
import type { Finding, FoldedAlert } from "../types.ts";
import { foldAlerts } from "./fold.ts";
import type { ApplyOptions, DedupStore, DueAlert } from "./store.ts";
import { byEventTime, segmentByWindow } from "./window.ts";

interface StoredWindow {
  alert: FoldedAlert;
  reported: number;
}

/** The in-memory store of the CLI: same semantics as the DynamoDB store, one process. */
export class MemoryStore implements DedupStore {
  private readonly windowsByKey = new Map<string, StoredWindow[]>();
  private readonly appliedBatches = new Set<string>();
  private readonly addonStates = new Map<string, AddonState>();

  async apply(findings: readonly Finding[], opts: ApplyOptions): Promise<DueAlert[]> {
    if (this.appliedBatches.has(opts.batchId)) return [];
    this.appliedBatches.add(opts.batchId);
    const due: DueAlert[] = [];
    for (const [key, group] of groupByKey(findings)) {
      const windows = this.windowsByKey.get(key) ?? [];
      let open = windows.at(-1);
      for (const segment of segmentByWindow(group.sort(byEventTime), open?.alert, opts.windowMs)) {
        if (segment.joinsOpen && open) {
          open.alert = foldAlerts(open.alert, segment.alert);
          continue;
        }
        if (open && open.alert.count > open.reported) {
          due.push({ alert: open.alert, kind: open.reported === 0 ? "open" : "update", previouslyReported: open.reported });
        }
        open = { alert: segment.alert, reported: 0 };
        windows.push(open);
        due.push({ alert: open.alert, kind: "open", previouslyReported: 0 });
      }
      this.windowsByKey.set(key, windows);
    }
    return dedupeDue(due);
  }

  async pending(nowMs: number, keys?: readonly string[]): Promise<DueAlert[]> {
    const due: DueAlert[] = [];
    for (const key of keys ?? [...this.windowsByKey.keys()]) {
      for (const w of this.windowsByKey.get(key) ?? []) {
        if (w.reported === 0) due.push({ alert: w.alert, kind: "open", previouslyReported: 0 });
        else if (w.alert.windowEndMs <= nowMs && w.alert.count > w.reported) {
          due.push({ alert: w.alert, kind: "update", previouslyReported: w.reported });
        }
      }
    }
    return due;
  }

  async markSent(dedupKey: string, windowStartMs: number, count: number): Promise<void> {
    const w = this.windowsByKey.get(dedupKey)?.find((x) => x.alert.windowStartMs === windowStartMs);
    if (w) w.reported = Math.max(w.reported, count);
  }

  async loadAddonStates(keys: readonly string[]): Promise<Map<string, AddonState>> {
    const out = new Map<string, AddonState>();
    for (const k of keys) {
      const s = this.addonStates.get(k);
      if (s) out.set(k, s);
    }
    return out;
  }

  async saveAddonStates(states: ReadonlyMap<string, AddonState>): Promise<void> {
    for (const [k, s] of states) {
      const prev = this.addonStates.get(k);
      if (!prev || prev.timeMs <= s.timeMs) this.addonStates.set(k, s);
    }
  }

  /** Every window ever folded, oldest first per key: what `replay` reports. */
  windows(): FoldedAlert[] {
    return [...this.windowsByKey.values()].flatMap((ws) => ws.map((w) => w.alert));
  }
}

function groupByKey(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const g = groups.get(f.dedupKey);
    if (g) g.push(f);
    else groups.set(f.dedupKey, [f]);
  }
  return groups;
}

/** A window that opened and closed inside one batch is due once, as an "open" with its full count. */
function dedupeDue(due: DueAlert[]): DueAlert[] {
  const byWindow = new Map<string, DueAlert>();
  for (const d of due) byWindow.set(`${d.alert.dedupKey}@${d.alert.windowStartMs}`, d);
  return [...byWindow.values()];
}
