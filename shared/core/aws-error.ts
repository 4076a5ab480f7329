/**
 * An AWS error message fit for logs, alerts, facts and reports: its first paragraph only
 * (signature errors go on to quote the canonical request, x-amz-security-token included),
 * without an encoded authorization failure message, on one line, at most `max` characters.
 */
export function awsErrorMessage(message: string | undefined | null, max = 300): string {
  const first = (message ?? "").split(/\r?\n[ \t]*\r?\n/)[0] ?? "";
  const blob = first.search(/Encoded authorization failure message:/i); // no `\s*` before it: linear
  const m = (blob >= 0 ? first.slice(0, blob) : first).replace(/\s+/g, " ").trim();
  return m.length > max ? `${m.slice(0, max - 1)}…` : m;
}
