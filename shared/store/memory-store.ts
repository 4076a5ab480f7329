import type { AddonState } from "../core/addon-state.ts";
import type { Severity } from "../core/severity.ts";
import type { Finding, FoldedAlert } from "../types.ts";
import { foldAlerts } from "./fold.ts";
import { dropLease, isClosed, leaseFree, owed, recordReported, recordSent, takeLease, type WindowRecord } from "./owed.ts";
import type { ApplyOptions, DedupStore, DueAlert, Lease } from "./store.ts";
import { byEventTime, groupByKey, segmentByWindow } from "./window.ts";

type StoredWindow = WindowRecord;

/** The in-memory store of the CLI: same semantics as the DynamoDB store, one process. */
export class MemoryStore implements DedupStore {
  private readonly windowsByKey = new Map<string, StoredWindow[]>();
  private readonly appliedBatches = new Set<string>();
  private readonly addonStates = new Map<string, AddonState>();

  async apply(findings: readonly Finding[], opts: ApplyOptions): Promise<DueAlert[]> {
    const batchOf = opts.batchIdOf ?? (() => opts.batchId);
    const fresh = findings.filter((f) => !this.appliedBatches.has(batchOf(f)));
    for (const f of fresh) this.appliedBatches.add(batchOf(f));
    const due: DueAlert[] = [];
    for (const [key, group] of groupByKey(fresh)) {
      const windows = this.windowsByKey.get(key) ?? [];
      let open = windows.at(-1);
      for (const segment of segmentByWindow(group.sort(byEventTime), open?.alert, opts.windowMs)) {
        if (segment.joinsOpen && open) {
          open.alert = foldAlerts(open.alert, segment.alert);
          continue;
        }
        const closing = open ? owed(open, true) : undefined;
        if (closing) due.push(closing);
        open = { alert: segment.alert, reported: 0, sent: {} };
        windows.push(open);
        due.push(owed(open, false)!);
      }
      this.windowsByKey.set(key, windows);
    }
    return dedupeDue(due).map((d) => ({ ...d, closed: d.alert !== this.windowsByKey.get(d.alert.dedupKey)?.at(-1)?.alert }));
  }

  async pending(nowMs: number, keys?: readonly string[]): Promise<DueAlert[]> {
    const due: DueAlert[] = [];
    for (const key of keys ?? [...this.windowsByKey.keys()]) {
      const windows = this.windowsByKey.get(key) ?? [];
      windows.forEach((w, i) => {
        const newest = i === windows.length - 1;
        const d = owed(w, isClosed(w, !newest, nowMs), newest ? nowMs : undefined);
        if (d) due.push(d);
      });
    }
    return due;
  }

  async claim(dedupKey: string, windowStartMs: number, lease: Lease, asOfMs: number, sink?: string): Promise<DueAlert | undefined> {
    const windows = this.windowsByKey.get(dedupKey) ?? [];
    const i = windows.findIndex((x) => x.alert.windowStartMs === windowStartMs);
    const w = windows[i];
    if (!w || !leaseFree(w, lease, sink)) return undefined;
    const newest = i === windows.length - 1;
    const d = owed(w, isClosed(w, !newest, asOfMs), newest ? asOfMs : undefined);
    if (d) takeLease(w, lease, sink);
    return d;
  }

  async release(dedupKey: string, windowStartMs: number, owner: string, sink?: string): Promise<void> {
    const w = this.find(dedupKey, windowStartMs);
    if (w) dropLease(w, owner, sink);
  }

  async markSent(dedupKey: string, windowStartMs: number, count: number, sink?: string, severity?: Severity, resolve?: "owe" | "done"): Promise<void> {
    const w = this.find(dedupKey, windowStartMs);
    if (w) recordSent(w, count, sink, severity, resolve);
  }

  async markReported(dedupKey: string, windowStartMs: number, takers: readonly string[]): Promise<void> {
    const w = this.find(dedupKey, windowStartMs);
    if (w) recordReported(w, takers);
  }

  private find(dedupKey: string, windowStartMs: number): StoredWindow | undefined {
    return this.windowsByKey.get(dedupKey)?.find((x) => x.alert.windowStartMs === windowStartMs);
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

/** A window that opened and closed inside one batch is due once, as an "open" with its full count. */
function dedupeDue(due: DueAlert[]): DueAlert[] {
  const byWindow = new Map<string, DueAlert>();
  for (const d of due) byWindow.set(`${d.alert.dedupKey}@${d.alert.windowStartMs}`, d);
  return [...byWindow.values()];
}
