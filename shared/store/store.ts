import type { AddonState } from "../core/addon-state.ts";
import type { Severity } from "../core/severity.ts";
import type { Finding, FoldedAlert } from "../types.ts";

/** An alert that must go out: a window opened, or a closed window's true count. */
export interface DueAlert {
  alert: FoldedAlert;
  kind: "open" | "update";
  /** Count already reported for this window to every sink (0 when it was never sent). */
  previouslyReported: number;
  /** Count each sink has taken for this window, by sink name: a retry sends only where missing. */
  sent: Readonly<Record<string, number>>;
  /** Severity each sink last received: a sink whose alert has since become more severe is owed an update. */
  sentSeverity: Readonly<Record<string, Severity>>;
  /** The window takes no more events: a newer window opened, or its end is at or before now. */
  closed: boolean;
  /** Sinks owed a "resolved" message: the key stayed quiet for a whole window (routes' `sendResolved`). */
  resolve?: string[];
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
  /**
   * The batch each finding came in, when one call carries several (the records of an SQS batch):
   * each is counted once whatever subsets are redelivered together. Default: `batchId` for all.
   */
  batchIdOf?: (finding: Finding) => string;
  windowMs: number;
  /** Wall-clock time until which a contended key is retried (the invocation's budget). */
  deadlineMs?: number;
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
   * Everything still owed at `nowMs`: opened windows never marked sent, closed windows
   * (end <= nowMs) whose count exceeds what was reported, and "resolved" messages of keys
   * quiet for a whole window. Used by the sweep and
   * by retried invocations.
   */
  pending(nowMs: number, keys?: readonly string[]): Promise<DueAlert[]>;
  /**
   * Takes the lease on a window that still owes something and returns its fresh state, or
   * undefined when nothing is owed or another owner holds a live lease. `asOfMs` judges which
   * windows are closed, as in `pending` (0: only windows a newer one superseded). With `sink`, the
   * lease covers that sink only: each sink is delivered on its own.
   */
  claim(dedupKey: string, windowStartMs: number, lease: Lease, asOfMs: number, sink?: string): Promise<DueAlert | undefined>;
  /** Gives the lease back (no-op when `owner` does not hold it). */
  release(dedupKey: string, windowStartMs: number, owner: string, sink?: string): Promise<void>;
  /**
   * Records that `count` (at `severity`) was reported for the window: to one sink when `sink` is
   * given, else to all of them. Never lowers what was reported.
   */
  markSent(dedupKey: string, windowStartMs: number, count: number, sink?: string, severity?: Severity, resolve?: "owe" | "done"): Promise<void>;
  /**
   * Marks the window reported at what every sink in `takers` (those taking its severity) has,
   * as recorded by markSent per sink, whichever invocations sent. Never lowers what was reported.
   */
  markReported(dedupKey: string, windowStartMs: number, takers: readonly string[]): Promise<void>;
  loadAddonStates(keys: readonly string[]): Promise<Map<string, AddonState>>;
  saveAddonStates(states: ReadonlyMap<string, AddonState>): Promise<void>;
}
