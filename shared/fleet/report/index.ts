// One call from a snapshot to the three report files.
import type { Alert } from "../../types.ts";
import { runFleetChecks } from "../evaluate.ts";
import type { FleetSnapshot } from "../snapshot.ts";
import { renderHtml } from "./html.ts";
import { renderMarkdown } from "./markdown.ts";
import { buildFleetReport, type FleetReport } from "./model.ts";
import { serializeReport } from "./report-io.ts";

export interface RenderedFleetReport {
  report: FleetReport;
  findings: Alert[];
  json: string;
  markdown: string;
  html: string;
}

export function renderFleetReport(snapshot: FleetSnapshot, previous: FleetReport | null = null): RenderedFleetReport {
  const findings = runFleetChecks(snapshot);
  const report = buildFleetReport(snapshot, findings, previous);
  return { report, findings, json: serializeReport(report), markdown: renderMarkdown(report), html: renderHtml(report) };
}
