// Where a run's reports go in the bucket and the link the summary alert carries. The link
// must keep working for as long as the report is kept: a configured URL or the S3 console,
// never a presigned URL (signed with the function's temporary credentials, it dies in hours).

export const REPORT_FILES = ["report.json", "report.md", "report.html", "snapshot.json"] as const;
export type ReportFile = (typeof REPORT_FILES)[number];

/** "2026-08-30T06:00:00.000Z" → "reports/2026/08/30/060000Z/" (sorts by time, one folder a run). */
export function datedPrefix(takenAt: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(takenAt);
  if (!m) throw new RangeError(`not an ISO time: ${takenAt}`);
  return `reports/${m[1]}/${m[2]}/${m[3]}/${m[4]}${m[5]}${m[6]}Z/`;
}

export const LATEST_PREFIX = "latest/";

/**
 * The report whose summary last reached every sink: "what changed" is measured from it, so
 * a retried run (after a sink failed) still shows the changes nobody was told about yet.
 */
export const ANNOUNCED_REPORT = `${LATEST_PREFIX}announced-report.json`;

export function consoleHost(region: string): string {
  if (region.startsWith("cn-")) return "console.amazonaws.cn";
  if (region.startsWith("us-gov-")) return "console.amazonaws-us-gov.com";
  return "console.aws.amazon.com";
}

export function reportUrl(opts: { urlBase: string | null; bucket: string; region: string }, key: string): string {
  if (opts.urlBase) return `${opts.urlBase}/${key.split("/").map(encodeURIComponent).join("/")}`;
  return `https://${consoleHost(opts.region)}/s3/object/${encodeURIComponent(opts.bucket)}?region=${encodeURIComponent(opts.region)}&prefix=${encodeURIComponent(key)}`;
}

export const CONTENT_TYPES: Record<ReportFile, string> = {
  "report.json": "application/json; charset=utf-8",
  "report.md": "text/markdown; charset=utf-8",
  "report.html": "text/html; charset=utf-8",
  "snapshot.json": "application/json; charset=utf-8",
};
