// Facts of the ingest path that plain code needs too (the member template, the doctor), kept
// free of SST's globals so the core typecheck and the CLI can import them.

/** EventBridge retries delivery to the queue for up to 24 h (its maximum), then the DLQ. */
export const EVENT_TARGET_RETRY = { maximumEventAgeInSeconds: 24 * 3600, maximumRetryAttempts: 185 };

export function auditLogGroupName(cluster: string): string {
  return `/aws/eks/${cluster}/cluster`;
}
