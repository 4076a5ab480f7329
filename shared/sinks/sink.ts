import type { Alert, Severity } from "../types.ts";
import { atLeast } from "../core/severity.ts";

/** Why an alert goes out: a window opened, or a closed window's true count is reported. */
export type DeliveryKind = "open" | "update";

export interface Delivery {
  alert: Alert;
  kind: DeliveryKind;
  /** Count already reported for this window before this delivery (0 for "open"). */
  previouslyReported: number;
}

/**
 * A destination for alerts. Each sink is one file: a pure payload builder plus this thin
 * `send`, which throws SinkDeliveryError (retryable or not) when the alert was not taken.
 */
export interface AlertSink {
  readonly name: string;
  readonly minSeverity: Severity;
  send(delivery: Delivery): Promise<void>;
}

/** True when the sink takes alerts of this severity (its minimum or worse). */
export function accepts(sink: Pick<AlertSink, "minSeverity">, severity: Severity): boolean {
  return atLeast(severity, sink.minSeverity);
}
