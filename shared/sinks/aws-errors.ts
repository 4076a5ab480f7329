// How an AWS SDK v3 error reads for delivery: retry or not, and a message without request data.

export interface SdkError {
  name?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

const THROTTLING = new Set(["Throttling", "ThrottlingException", "ThrottledException", "RequestLimitExceeded", "TooManyRequestsException", "LimitExceededException", "KMSThrottlingException"]);

/** Retryable: 5xx, throttling, or no HTTP answer at all (network, timeout). */
export function isRetryableAwsError(e: unknown): boolean {
  const err = e as SdkError;
  const status = err.$metadata?.httpStatusCode;
  if (err.$retryable) return true;
  if (err.name && THROTTLING.has(err.name)) return true;
  return status === undefined || status >= 500 || status === 429;
}

/** `Operation failed: Name (HTTP n)`: the error's class and status only. */
export function describeAwsError(operation: string, e: unknown): string {
  const err = e as SdkError & Error;
  const status = err.$metadata?.httpStatusCode;
  return `${operation} failed: ${err.name ?? "Error"}${status ? ` (HTTP ${status})` : ""}`;
}
