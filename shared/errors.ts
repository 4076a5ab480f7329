// One error hierarchy for the whole project; every error keeps its `cause`. Names are
// written out, not taken from the class: minified bundles rename classes, and the names
// reach logs and Lambda's error reports.
import type { DeliveryFailure } from "./delivery/deliver.ts";

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

/** A retryable refusal that says when to try again (Slack 429 `Retry-After`). */
export class SinkRateLimitedError extends SinkDeliveryError {
  override name = "SinkRateLimitedError";
  readonly retryAfterMs: number;
  constructor(sink: string, message: string, retryAfterMs: number) {
    super(sink, message, { retryable: true });
    this.retryAfterMs = retryAfterMs;
  }
}

/** Thrown by handlers after delivery tried everything, so Lambda retries the invocation. */
export class DeliveryIncompleteError extends AuditorError {
  override name = "DeliveryIncompleteError";
  readonly failures: DeliveryFailure[];
  constructor(failures: DeliveryFailure[]) {
    const first = failures[0];
    super(`${failures.length} alert deliveries failed and stay pending${first ? ` (first: ${first.sink ?? "store"}: ${first.reason})` : ""}`);
    this.failures = failures;
  }
}

/** A required read of the fleet audit failed (`operation`): the cluster is reported as unreadable. */
export class ClusterReadError extends AuditorError {
  override name = "ClusterReadError";
  readonly operation: string;
  constructor(operation: string, message: string, options: { cause: unknown }) {
    super(`${operation}: ${message}`, options);
    this.operation = operation;
  }
}
