// RFC 4180 CSV, one row per alert. Cells that a spreadsheet would run as a formula (= + - @,
// tab, CR) get a leading apostrophe: cluster and user names come from events (CSV injection).
import type { Alert } from "../types.ts";

const COLUMNS = ["severity", "rule", "cluster", "account", "region", "count", "firstSeen", "lastSeen", "title", "knownIssues", "dedupKey", "references"] as const;

function cell(value: string | number | null): string {
  let s = value === null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function alertsCsv(alerts: readonly Alert[]): string {
  const rows = alerts.map((a) =>
    [a.severity, a.rule, a.cluster, a.account, a.region, a.count, a.firstSeen, a.lastSeen, a.title, a.knownIssues.join(" "), a.dedupKey, a.references.join(" ")]
      .map(cell)
      .join(","),
  );
  return [COLUMNS.join(","), ...rows].map((r) => `${r}\r\n`).join("");
}
