// One call from a snapshot to the three report files.
import { silenceFleetFindings, type ReportedSilence } from "../../routing/fleet-silences.ts";
import type { HeldBack } from "../../routing/silences.ts";
import type { SilenceRecord } from "../../routing/silence-summary.ts";

/** The stack's silences for a report: fleet findings they match are held back and counted. */
export interface FleetSilencing {
  silences: readonly SilenceRecord[];
  tallies?: ReadonlyMap<string, HeldBack>;
}
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

export function renderFleetReport(snapshot: FleetSnapshot, previous: FleetReport | null = null, silencing?: FleetSilencing): RenderedFleetReport {
  let findings = runFleetChecks(snapshot);
  let silences: ReportedSilence[] | undefined;
  if (silencing) ({ findings, silences } = silenceFleetFindings(findings, silencing.silences, Date.parse(snapshot.takenAt), silencing.tallies));
  const report = buildFleetReport(snapshot, findings, previous);
  if (silences) report.silences = silences;
  return { report, findings, json: serializeReport(report), markdown: renderMarkdown(report), html: renderHtml(report) };
}
