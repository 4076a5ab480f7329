// Small conversions from AWS SDK values to snapshot JSON.
import { awsErrorMessage } from "../core/aws-error.ts";

/** Date (the SDK turns epoch seconds into Dates) → ISO string, or null. */
export function isoOrNull(value: Date | undefined | null): string | null {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) return null;
  return value.toISOString();
}

/** "AccessDeniedException: User … is not authorized" — the error as the API named it. */
export function errorText(err: unknown): string {
  if (err instanceof Error) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const msg = awsErrorMessage(err.message) || "(no message)";
    return `${err.name}${status ? ` (HTTP ${status})` : ""}: ${msg}`;
  }
  return String(err);
}
