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

