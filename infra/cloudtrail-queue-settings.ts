// The CloudTrail queue and its event source mapping, as plain data (infra/cloudtrail-queue.ts
// builds them; the bench reads the batch size).

/** The function's timeout, which the visibility timeout must exceed (AWS: six times it). */
export const CLOUDTRAIL_TIMEOUT_SECONDS = 30;
export const CLOUDTRAIL_QUEUE = {
  /** Records per invocation: DynamoDB reads and writes per key, not per record. */
  batchSize: 100,
  /** A quiet minute is still delivered within seconds; a storm fills batches. */
  maximumBatchingWindowInSeconds: 5,
  visibilityTimeoutSeconds: 6 * CLOUDTRAIL_TIMEOUT_SECONDS,
  /** The SQS maximum: the sweep and an operator get two weeks before a record could expire. */
  messageRetentionSeconds: 14 * 24 * 3600,
  maxReceives: 5,
  /** Bounded fan-out during a storm (the store folds keys, so more pollers buy nothing). */
  maximumConcurrency: 5,
} as const;
