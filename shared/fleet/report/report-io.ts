// Reading a previous report.json (for "what changed"), with a clear error for anything else.
import { DecodeError } from "../../errors.ts";
import { REPORT_SCHEMA, REPORT_SCHEMA_VERSION, type FleetReport } from "./model.ts";

export function serializeReport(report: FleetReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function parseReport(text: string): FleetReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new DecodeError(`previous report: not JSON (${(err as Error).message})`, { cause: err });
  }
  const r = data as Partial<FleetReport> | null;
  if (!r || typeof r !== "object" || r.schema !== REPORT_SCHEMA) {
    throw new DecodeError(`previous report: expected a "${REPORT_SCHEMA}" document (report.json of an earlier run)`);
  }
  if (r.schemaVersion !== REPORT_SCHEMA_VERSION) {
    throw new DecodeError(`previous report: schemaVersion ${String(r.schemaVersion)} is not ${REPORT_SCHEMA_VERSION}`);
  }
  if (typeof r.generatedAt !== "string" || !Array.isArray(r.findings) || r.findings.some((f) => typeof f?.dedupKey !== "string")) {
    throw new DecodeError("previous report: generatedAt or findings[].dedupKey missing");
  }
  return r as FleetReport;
}
