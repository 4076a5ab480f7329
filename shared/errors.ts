// One error hierarchy for the whole project; every error keeps its `cause`.

export class AuditorError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A record or payload that cannot be decoded: counted and reported, never fatal to a batch. */
export class DecodeError extends AuditorError {}

/** Configuration that cannot work; raised once, at cold start or CLI start. */
export class ConfigError extends AuditorError {}

/** A sink (Slack, SNS) did not take the alert; `retryable` says whether trying again can help. */
export class SinkDeliveryError extends AuditorError {
  readonly retryable: boolean;
  readonly sink: string;
  constructor(sink: string, message: string, options: { retryable: boolean; cause?: unknown }) {
    super(`${sink}: ${message}`, options);
    this.sink = sink;
    this.retryable = options.retryable;
  }
}

/** The dedup store failed (DynamoDB unreachable, throttled): the invocation must fail and be retried. */
export class StoreError extends AuditorError {}

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
