import type { AddonState } from "../core/addon-state.ts";
import type { Finding, FoldedAlert } from "../types.ts";

/** An alert that must go out: a window opened, or a closed window's true count. */
export interface DueAlert {
  alert: FoldedAlert;
  kind: "open" | "update";
  /** Count already reported for this window to every sink (0 when it was never sent). */
  previouslyReported: number;
  /** Count each sink has taken for this window, by sink name: a retry sends only where missing. */
  sent: Readonly<Record<string, number>>;
  /** The window takes no more events: a newer window opened, or its end is at or before now. */
  closed: boolean;
}

/**
 * The right to send one window for a while. Webhooks and SNS have no exactly-once, so only
 * the lease holder sends; a crashed holder's lease runs out and the sweep or a retry takes over.
 */
export interface Lease {
  owner: string;
  /** Wall-clock end of the lease (the invocation's deadline). */
  untilMs: number;
  /** Wall-clock now, passed in (the core reads no clock): leases older than this are free. */
  nowMs: number;
}

export interface ApplyOptions {
  /** Identity of the delivered payload: applying the same batch id twice counts once. */
  batchId: string;
  windowMs: number;
}

/**
 * Where folded windows live between events: in memory for the CLI, DynamoDB for Lambda.
 * Semantics (README "Windows and delivery"): windows in event time; a late finding is
 * counted in the open window; the same batch applied twice counts once.
 */
export interface DedupStore {
  /**
   * Folds a batch of findings into their keys' windows and returns what is now due:
   * windows this batch opened (`open`) and closed windows it noticed with unreported
   * counts (`update`). Only one caller ever receives a given `open`.
   */
  apply(findings: readonly Finding[], opts: ApplyOptions): Promise<DueAlert[]>;
  /**
   * Everything still owed at `nowMs`: opened windows never marked sent, and closed
   * windows (end <= nowMs) whose count exceeds what was reported. Used by the sweep and
   * by retried invocations.
   */
  pending(nowMs: number, keys?: readonly string[]): Promise<DueAlert[]>;
  /**
   * Takes the lease on a window that still owes something and returns its fresh state, or
   * undefined when nothing is owed or another owner holds a live lease. `asOfMs` judges which
   * windows are closed, as in `pending` (0: only windows a newer one superseded).
   */
  claim(dedupKey: string, windowStartMs: number, lease: Lease, asOfMs: number): Promise<DueAlert | undefined>;
  /** Gives the lease back (no-op when `owner` does not hold it). */
  release(dedupKey: string, windowStartMs: number, owner: string): Promise<void>;
  /**
   * Records that `count` was reported for the window: to one sink when `sink` is given, else
   * to all of them. Never lowers what was reported.
   */
  markSent(dedupKey: string, windowStartMs: number, count: number, sink?: string): Promise<void>;
  loadAddonStates(keys: readonly string[]): Promise<Map<string, AddonState>>;
  saveAddonStates(states: ReadonlyMap<string, AddonState>): Promise<void>;
}
