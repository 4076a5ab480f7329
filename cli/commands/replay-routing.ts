// Routes and silences in replay (hooked into replay.ts with a few lines): `--silences F` holds
// back the findings a silence in the file matches (event time before its `until`; the 90-day
// limit is for creating silences, not reading them), counted in the summary as `silenced N`;
// with routes or named sinks in --config, `--json` alerts carry `routes`: the sinks each goes to.
import { readFileSync } from "node:fs";
import type { AuditorConfig } from "../../shared/config.ts";
import { ConfigError } from "../../shared/errors.ts";
import { routeAlert } from "../../shared/routing/routes.ts";
import { applySilences, heldBackSummary, parseSilences, type HeldBack, type Silence } from "../../shared/routing/silences.ts";
import { SINK_NAMES } from "../../shared/sinks/index.ts";
import type { Alert, Finding } from "../../shared/types.ts";
import { inert } from "../terminal-text.ts";

export function loadReplaySilences(file: string | undefined): Silence[] {
  if (file === undefined) return [];
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(`--silences: ${file}: ${code ? `cannot read (${code})` : `not JSON (${(err as Error).message})`}`, { cause: err });
  }
  return parseSilences(value, `--silences ${file}`);
}

export interface ReplaySilencing {
  findings: Finding[];
  held: Map<string, HeldBack>;
  /** Findings held back, in all. */
  count: number;
}

export function silenceFindings(silences: readonly Silence[], findings: readonly Finding[]): ReplaySilencing {
  const { pass, held } = applySilences(silences, findings.map((f) => ({ ...f, finding: f })));
  return { findings: pass.map((p) => p.finding), held, count: findings.length - pass.length };
}

/** The summary line with `silenced N` added (when --silences was given); one line per silence that held something. */
export function silencedNotes(line: string, silences: readonly Silence[], s: ReplaySilencing): string {
  if (silences.length === 0) return line;
  const notes = silences.filter((x) => s.held.has(x.id)).map((x) => `${inert(heldBackSummary(x, s.held.get(x.id)))}\n`);
  return notes.join("") + line.replace(/\n$/, `, silenced ${s.count}\n`);
}

/** With routes or named sinks configured, each alert with `routes`: the sinks it would go to. */
export function withRoutes(alerts: Alert[], config: AuditorConfig): Alert[] {
  const named = Object.keys(config.namedSinks);
  if (config.routes.length === 0 && named.length === 0) return alerts;
  const sinks = named.length > 0 ? named : [...SINK_NAMES];
  return alerts.map((a) => ({ ...a, routes: routeAlert(config.routes, a, sinks).sinks }));
}
