// Silences at run time (the event functions): the active silences hold matching findings back
// before they are folded; what they held is added to each silence's tally in the store.
import type { Finding } from "../types.ts";
import { applySilences, type HeldBack, type Silence } from "./silences.ts";

/** Where the functions read silences and add to their tallies (shared/store/silence-store.ts). */
export interface SilenceLedger {
  list(): Promise<Silence[]>;
  tallies(ids: readonly string[]): Promise<ReadonlyMap<string, HeldBack>>;
  addHeld(held: ReadonlyMap<string, HeldBack>): Promise<void>;
}

/** How long a container reuses the silences it read: a new silence takes effect within this. */
export const SILENCES_MAX_AGE_MS = 60_000;

/** The ledger with its list cached per container for `maxAgeMs` (one GetItem a minute, not per batch). */
export function cachedLedger(ledger: SilenceLedger, now: () => number, maxAgeMs = SILENCES_MAX_AGE_MS): SilenceLedger {
  let cached: { atMs: number; silences: Silence[] } | undefined;
  return {
    async list() {
      const t = now();
      if (!cached || t - cached.atMs >= maxAgeMs) cached = { atMs: t, silences: await ledger.list() };
      return cached.silences;
    },
    tallies: (ids) => ledger.tallies(ids),
    addHeld: (held) => ledger.addHeld(held),
  };
}

/**
 * Holds back the findings an active silence (its end after `nowMs`) matches, unless worse than
 * its limit (break-through); counts them in the store; returns the rest and how many were held.
 */
export async function holdBackSilenced(ledger: SilenceLedger, findings: readonly Finding[], nowMs: number): Promise<{ pass: Finding[]; held: number }> {
  if (findings.length === 0) return { pass: [], held: 0 };
  const active = (await ledger.list()).filter((s) => Date.parse(s.until) > nowMs);
  if (active.length === 0) return { pass: [...findings], held: 0 };
  const subjects = findings.map((f) => ({ ...f, finding: f }));
  // The limit of a silence without maxSeverity is the severity of the first finding it held.
  const before = await ledger.tallies(active.filter((s) => s.maxSeverity === undefined).map((s) => s.id));
  const { pass, held } = applySilences(active, subjects, before);
  if (held.size > 0) await ledger.addHeld(held);
  return { pass: pass.map((p) => p.finding), held: subjects.length - pass.length };
}
