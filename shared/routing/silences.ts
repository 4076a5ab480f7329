// Silences: a known problem held back for a while without losing sight of it. A silenced
// finding is not sent but is counted against its silence, so that when the silence ends one
// summary says what it held back; a finding worse than the silence's `maxSeverity` breaks through.
import { ConfigError } from "../errors.ts";
import { SEVERITIES, compareSeverity, worseSeverity, type Severity } from "../core/severity.ts";
import { globMatches } from "./glob.ts";

/** ANDed; an absent field matches anything. `cluster` is a glob, the others are exact. */
export interface SilenceMatch {
  rule?: string;
  cluster?: string;
  account?: string;
  region?: string;
  /** The finding's actor: a Kubernetes user name or an IAM role ARN. */
  principal?: string;
  dedupKey?: string;
}

export interface Silence {
  id: string;
  match: SilenceMatch;
  /** ISO-8601; findings at or after it are not held back. */
  until: string;
  reason: string;
  createdBy: string;
  createdAt: string;
  /**
   * Findings worse than this break through. Unset: the severity of the first finding the
   * silence held back (the severity "when silenced").
   */
  maxSeverity?: Severity;
}

/** What a silence looks at in a finding (findings and alerts both have these fields). */
export interface SilenceSubject {
  rule: string;
  severity: Severity;
  cluster: string | null;
  account: string | null;
  region: string | null;
  dedupKey: string;
  actor?: string | null;
  timeMs: number;
}

export const MAX_SILENCE_MS = 90 * 24 * 60 * 60 * 1000;
const MATCH_KEYS = ["rule", "cluster", "account", "region", "principal", "dedupKey"] as const;

/**
 * Reads a silence from JSON. `createdAtMs` given (a new silence): `until` must lie in the next
 * 90 days. Without it (a file or the store being read), any `until` is taken as written.
 */
export function parseSilence(value: unknown, where: string, createdAtMs?: number): Silence {
  const bad = (why: string): never => {
    throw new ConfigError(`${where}: ${why}`);
  };
  if (typeof value !== "object" || value === null || Array.isArray(value)) bad("a silence is a JSON object");
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) {
    if (!["id", "match", "until", "reason", "createdBy", "createdAt", "maxSeverity"].includes(key)) bad(`unknown key "${key}"`);
  }
  const text = (key: string, required = true): string | undefined => {
    const x = v[key];
    if (x === undefined && !required) return undefined;
    if (typeof x !== "string" || x.trim() === "") bad(`"${key}" must be a non-empty string`);
    return x as string;
  };
  const id = text("id")!;
  const reason = text("reason")!;
  const createdBy = text("createdBy")!;
  const until = text("until")!;
  const untilMs = Date.parse(until);
  if (!Number.isFinite(untilMs)) bad(`"until" is not an ISO-8601 time: ${JSON.stringify(until)}`);
  if (createdAtMs !== undefined) {
    if (untilMs <= createdAtMs) bad(`"until" must be in the future`);
    if (untilMs - createdAtMs > MAX_SILENCE_MS) bad(`"until" is more than 90 days away: silences must expire`);
  }
  const createdAt = text("createdAt", createdAtMs === undefined) ?? new Date(createdAtMs!).toISOString();
  const maxSeverity = text("maxSeverity", false);
  if (maxSeverity !== undefined && !SEVERITIES.includes(maxSeverity as Severity)) {
    bad(`"maxSeverity" must be one of ${SEVERITIES.join(", ")}`);
  }
  const m = v.match;
  if (typeof m !== "object" || m === null || Array.isArray(m)) bad(`"match" must be an object`);
  const match: SilenceMatch = {};
  for (const [key, x] of Object.entries(m as Record<string, unknown>)) {
    if (!(MATCH_KEYS as readonly string[]).includes(key)) bad(`unknown match key "${key}" (one of ${MATCH_KEYS.join(", ")})`);
    if (typeof x !== "string" || x === "") bad(`match.${key} must be a non-empty string`);
    match[key as keyof SilenceMatch] = x as string;
  }
  if (Object.keys(match).length === 0) bad(`"match" names nothing: a silence of everything is not allowed`);
  const silence: Silence = { id, match, until: new Date(untilMs).toISOString(), reason, createdBy, createdAt };
  if (maxSeverity !== undefined) silence.maxSeverity = maxSeverity as Severity;
  return silence;
}

/** Reads a `--silences` file's JSON: an array of silence objects. */
export function parseSilences(value: unknown, where: string): Silence[] {
  if (!Array.isArray(value)) throw new ConfigError(`${where}: expected a JSON array of silences`);
  const out = value.map((s, i) => parseSilence(s, `${where} [${i}]`));
  const ids = new Set<string>();
  for (const s of out) {
    if (ids.has(s.id)) throw new ConfigError(`${where}: silence id "${s.id}" appears twice`);
    ids.add(s.id);
  }
  return out;
}

export function silenceMatches(m: SilenceMatch, f: SilenceSubject): boolean {
  if (m.rule !== undefined && m.rule !== f.rule) return false;
  if (m.cluster !== undefined && (f.cluster === null || !globMatches(m.cluster, f.cluster))) return false;
  if (m.account !== undefined && m.account !== f.account) return false;
  if (m.region !== undefined && m.region !== f.region) return false;
  if (m.principal !== undefined && m.principal !== (f.actor ?? null)) return false;
  if (m.dedupKey !== undefined && m.dedupKey !== f.dedupKey) return false;
  return true;
}

/** The severity past which a silence lets findings through (see `Silence.maxSeverity`). */
export function silenceLimit(s: Silence, tally: HeldBack | undefined): Severity | undefined {
  return s.maxSeverity ?? tally?.firstSeverity;
}

/**
 * The silence that holds `f` back, if any: it matches, `f` is before its end, and `f` is not
 * worse than its limit. `tallies` gives the limit of silences that have no `maxSeverity`.
 */
export function holdingSilence(
  silences: readonly Silence[],
  f: SilenceSubject,
  tallies: ReadonlyMap<string, HeldBack> = new Map(),
): Silence | undefined {
  return silences.find((s) => {
    if (f.timeMs >= Date.parse(s.until) || !silenceMatches(s.match, f)) return false;
    const limit = silenceLimit(s, tallies.get(s.id));
    return limit === undefined || compareSeverity(f.severity, limit) >= 0;
  });
}

/** What one silence held back: counted, so that nothing silenced is lost from sight. */
export interface HeldBack {
  silenceId: string;
  events: number;
  keys: string[];
  worstSeverity: Severity;
  /** The first held-back finding's severity: the limit of a silence without `maxSeverity`. */
  firstSeverity: Severity;
}

/** Adds `f` to the tally of the silence that held it back (a new tally object; inputs unchanged). */
export function holdBack(tally: HeldBack | undefined, silenceId: string, f: SilenceSubject): HeldBack {
  const base: HeldBack = tally ?? { silenceId, events: 0, keys: [], worstSeverity: f.severity, firstSeverity: f.severity };
  return {
    ...base,
    events: base.events + 1,
    keys: base.keys.includes(f.dedupKey) ? base.keys : [...base.keys, f.dedupKey],
    worstSeverity: worseSeverity(f.severity, base.worstSeverity),
  };
}

/**
 * Splits findings into those to fold and send, and per-silence tallies of those held back.
 * Findings are taken in event-time order (then by key), so the outcome does not depend on
 * the order of the input.
 */
export function applySilences<T extends SilenceSubject>(
  silences: readonly Silence[],
  findings: readonly T[],
  before: ReadonlyMap<string, HeldBack> = new Map(),
): { pass: T[]; held: Map<string, HeldBack> } {
  if (silences.length === 0) return { pass: [...findings], held: new Map() };
  const pass: T[] = [];
  /** This call's tallies (what to add); the limit also sees what earlier batches held (`before`). */
  const held = new Map<string, HeldBack>();
  const limits = new Map<string, HeldBack>(before);
  const ordered = [...findings].sort((a, b) => a.timeMs - b.timeMs || (a.dedupKey < b.dedupKey ? -1 : a.dedupKey > b.dedupKey ? 1 : 0));
  for (const f of ordered) {
    const s = holdingSilence(silences, f, limits);
    if (s === undefined) {
      pass.push(f);
      continue;
    }
    const t = holdBack(held.get(s.id), s.id, f);
    held.set(s.id, t);
    if (!limits.has(s.id)) limits.set(s.id, t);
  }
  return { pass, held };
}

/** One line for the end of a silence: what it held back. */
export function heldBackSummary(s: Silence, h: HeldBack | undefined): string {
  if (!h || h.events === 0) return `silence ${s.id} (${s.reason}) held back nothing`;
  const events = `${h.events} event${h.events === 1 ? "" : "s"}`;
  const keys = `${h.keys.length} key${h.keys.length === 1 ? "" : "s"}`;
  return `silence ${s.id} (${s.reason}, by ${s.createdBy}) held back ${events} in ${keys}, worst ${h.worstSeverity}`;
}
