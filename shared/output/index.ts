// Alerts in the formats other tools read. Each formatter is pure (no clock, no network): the
// times it writes are the alerts' own, so the same alerts always give the same bytes.
import type { Alert } from "../types.ts";
import { asffFindings } from "./asff.ts";
import { alertsCsv } from "./csv.ts";
import type { AlertFormat } from "./formats.ts";
import { alertsMarkdown } from "./markdown.ts";
import { ocsfFindings } from "./ocsf.ts";
import { alertsSarif } from "./sarif.ts";

export { ALERT_FORMATS, FLEET_FORMATS, RENDER_TARGETS, type AlertFormat, type FleetFormat, type RenderTarget } from "./formats.ts";

export interface Formatted {
  text: string;
  /** What could not be expressed (e.g. an ASFF finding needs an account): said on stderr. */
  notes: string[];
}

const jsonLines = (items: readonly unknown[]): string => items.map((i) => `${JSON.stringify(i)}\n`).join("");

/** Every format but "text" (the terminal report lives with the CLI, it paints colors). */
export function formatAlerts(format: Exclude<AlertFormat, "text">, alerts: readonly Alert[]): Formatted {
  switch (format) {
    case "jsonl":
      return { text: jsonLines(alerts), notes: [] };
    case "csv":
      return { text: alertsCsv(alerts), notes: [] };
    case "markdown":
      return { text: alertsMarkdown(alerts), notes: [] };
    case "ocsf":
      // A JSON array, as Prowler's json-ocsf output and Security Lake custom sources take it.
      return { text: `${JSON.stringify(ocsfFindings(alerts), null, 2)}\n`, notes: [] };
    case "asff": {
      const { findings, notes } = asffFindings(alerts);
      // The shape of `aws securityhub batch-import-findings --cli-input-json`.
      return { text: `${JSON.stringify({ Findings: findings }, null, 2)}\n`, notes };
    }
    case "sarif":
      return { text: `${JSON.stringify(alertsSarif(alerts), null, 2)}\n`, notes: [] };
  }
}
