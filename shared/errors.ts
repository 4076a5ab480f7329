// One error hierarchy for the whole project; every error keeps its `cause`. Names are
// written out, not taken from the class: minified bundles rename classes, and the names
// reach logs and Lambda's error reports.

export class AuditorError extends Error {
  override name = "AuditorError";
}

/** A record or payload that cannot be decoded: counted and reported, never fatal to a batch. */
export class DecodeError extends AuditorError {
  override name = "DecodeError";
}

/** Configuration that cannot work; raised once, at cold start or CLI start. */
export class ConfigError extends AuditorError {
  override name = "ConfigError";
}

/** A sink (Slack, SNS) did not take the alert; `retryable` says whether trying again can help. */
export class SinkDeliveryError extends AuditorError {
  override name = "SinkDeliveryError";
  readonly retryable: boolean;
  readonly sink: string;
  constructor(sink: string, message: string, options: { retryable: boolean; cause?: unknown }) {
    super(`${sink}: ${message}`, options);
    this.sink = sink;
    this.retryable = options.retryable;
  }
}

/** The dedup store failed (DynamoDB unreachable, throttled): the invocation must fail and be retried. */
export class StoreError extends AuditorError {
  override name = "StoreError";
}

/**
 * An AWS error message fit for logs, alerts and reports: its first paragraph only (signature
 * errors go on to quote the canonical request, x-amz-security-token included), without an
 * encoded authorization failure message, on one line, at most 300 characters.
 */
export function awsErrorMessage(message: string | undefined, max = 300): string {
  const first = (message ?? "").split(/\r?\n[ \t]*\r?\n/)[0] ?? "";
  const blob = first.search(/Encoded authorization failure message:/i); // no `\s*` before it: linear
  const m = (blob >= 0 ? first.slice(0, blob) : first).replace(/\s+/g, " ").trim();
  return m.length > max ? `${m.slice(0, max - 1)}…` : m;
}
