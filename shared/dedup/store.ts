import type { AddonState } from "../rules/rule.ts";
import type { Finding, FoldedAlert } from "../types.ts";

/** An alert that must go out: a window opened, or a closed window's true count. */
export interface DueAlert {
  alert: FoldedAlert;
  kind: "open" | "update";
  /** Count already reported for this window (0 when it was never sent). */
  previouslyReported: number;
}

export interface ApplyOptions {
  /** Identity of the delivered payload: applying the same batch id twice counts once. */
  batchId: string;
  windowMs: number;
}

/**
 * Where folded windows live between events: in memory for the CLI, DynamoDB for Lambda.
 * Semantics (DESIGN "Windows and delivery"): windows in event time; a late finding is
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
  /** Records that `count` was reported for the window; never lowers what was reported. */
  markSent(dedupKey: string, windowStartMs: number, count: number): Promise<void>;
  loadAddonStates(keys: readonly string[]): Promise<Map<string, AddonState>>;
  saveAddonStates(states: ReadonlyMap<string, AddonState>): Promise<void>;
}
