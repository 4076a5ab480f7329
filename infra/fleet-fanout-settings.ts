// The fleet queue's and worker's settings as plain data: infra uses them, the plan test asserts
// them without SST's globals.

/** A partition of a few hundred clusters at EKS's pace fits; the merge renders the reports. */
export const FLEET_WORKER_TIMEOUT_SECONDS = 600;

export const FLEET_QUEUE = {
  // Lambda's advice for an SQS source: at least six times the function's timeout.
  visibilityTimeoutSeconds: 6 * FLEET_WORKER_TIMEOUT_SECONDS,
  retentionSeconds: 24 * 3600,
  dlqRetentionSeconds: 14 * 24 * 3600,
  // A message that failed this often (a store outage, a merge that kept crashing) is parked in
  // the DLQ; the run's deadline merge reports its partition as not audited.
  maxReceiveCount: 3,
};

/** One message per invocation: each account-region gets its own worker, its own time budget. */
export const FLEET_WORKER_MAPPING = { batchSize: 1, functionResponseTypes: ["ReportBatchItemFailures"] as const };
