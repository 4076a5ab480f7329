// How the central log stream is read and kept (pure data: infra/central-logs.ts applies it,
// the plan test checks it).

/**
 * How the function reads the stream: up to 100 records (payloads) or 5 s per batch, a failed
 * invocation bisected to isolate what fails, partial batch responses (the handler names the
 * record to retry from), retried until a record is 12 h old (half the stream's 24 h retention),
 * then described in the DLQ. Starts from the oldest record, so nothing written between the
 * stream's creation and the mapping's is skipped.
 */
export const STREAM_MAPPING = {
  startingPosition: "TRIM_HORIZON",
  batchSize: 100,
  maximumBatchingWindowInSeconds: 5,
  bisectBatchOnFunctionError: true,
  functionResponseTypes: ["ReportBatchItemFailures"],
  maximumRetryAttempts: -1,
  maximumRecordAgeInSeconds: 12 * 3600,
  parallelizationFactor: 1,
} as const;
export const STREAM_RETENTION_HOURS = 24;
