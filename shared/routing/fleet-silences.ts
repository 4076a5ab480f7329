// Silences in the fleet report: findings a silence matches (by their `fleet/…` id, cluster,
// account, region or key) are held back from the report's findings and counted; the report
// lists every active silence with what it held back (event alerts from the store's tallies,
// fleet findings from this run).
import type { Alert } from "../types.ts";
import { applySilences, type HeldBack } from "./silences.ts";
import type { SilenceRecord } from "./silence-summary.ts";

/** One active silence as the fleet report shows it. */
export interface ReportedSilence {
  id: string;
  match: SilenceRecord["match"];
  until: string;
  reason: string;
  createdBy: string;
  maxSeverity: string | null;
  /** Event alerts held back so far (the store's tally), and fleet findings held back by this report. */
  heldBack: { events: number; keys: number; worstSeverity: string | null; fleetFindings: number };
}

export function silenceFleetFindings(
  findings: readonly Alert[],
  silences: readonly SilenceRecord[],
  atMs: number,
  tallies: ReadonlyMap<string, HeldBack> = new Map(),
): { findings: Alert[]; silences: ReportedSilence[] } {
  const active = silences.filter((s) => Date.parse(s.until) > atMs);
  const subjects = findings.map((f) => ({ ...f, timeMs: atMs, alert: f }));
  const { pass, held } = applySilences(active, subjects, tallies);
  const kept = new Set(pass.map((p) => p.alert));
  return {
    findings: findings.filter((f) => kept.has(f)),
    silences: active.map((s) => {
      const t = tallies.get(s.id);
      return {
        id: s.id,
        match: s.match,
        until: s.until,
        reason: s.reason,
        createdBy: s.createdBy,
        maxSeverity: s.maxSeverity ?? null,
        heldBack: { events: t?.events ?? 0, keys: t?.keys.length ?? 0, worstSeverity: t?.worstSeverity ?? null, fleetFindings: held.get(s.id)?.events ?? 0 },
      };
    }),
  };
}
