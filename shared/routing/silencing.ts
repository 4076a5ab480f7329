// Silences at run time (the event functions): the active silences hold matching findings back
// before they are folded; what they held is added to each silence's tally in the store.
import type { Finding } from "../types.ts";
import { applySilences, type HeldBack, type Silence } from "./silences.ts";

/** Where the functions read silences and add to their tallies (shared/store/silence-store.ts). */
export interface SilenceLedger {
  list(): Promise<Silence[]>;
  tallies(ids: readonly string[]): Promise<ReadonlyMap<string, HeldBack>>;
  /** Adds what one batch held back, once per `batchId`: a redelivered batch changes no count. */
  addHeld(held: ReadonlyMap<string, HeldBack>, batchId: string, nowMs: number): Promise<void>;
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
    addHeld: (held, batchId, nowMs) => ledger.addHeld(held, batchId, nowMs),
  };
}

/** The batch each finding came in: the same ids the window store dedups redeliveries by. */
export interface BatchIdentity {
  batchId: string;
  /** Per finding, when one call carries several batches (an SQS batch's records). */
  batchIdOf?: (finding: Finding) => string;
}

/**
 * Holds back the findings an active silence (its end after `nowMs`) matches, unless worse than
 * its limit (break-through); counts them in the store, once per batch (`batch`), so a
 * redelivered batch changes no count; returns the rest and how many were held.
 */
export async function holdBackSilenced(ledger: SilenceLedger, findings: readonly Finding[], nowMs: number, batch: BatchIdentity): Promise<{ pass: Finding[]; held: number }> {
  if (findings.length === 0) return { pass: [], held: 0 };
  const active = (await ledger.list()).filter((s) => Date.parse(s.until) > nowMs);
  if (active.length === 0) return { pass: [...findings], held: 0 };
  // The limit of a silence without maxSeverity is the severity of the first finding it held.
  const limits = new Map(await ledger.tallies(active.filter((s) => s.maxSeverity === undefined).map((s) => s.id)));
  const byBatch = new Map<string, Finding[]>();
  for (const f of findings) {
    const id = batch.batchIdOf ? batch.batchIdOf(f) : batch.batchId;
    byBatch.set(id, [...(byBatch.get(id) ?? []), f]);
  }
  const pass: Finding[] = [];
  // Each batch is decided and counted on its own, so its redelivery alone decides the same.
  for (const [batchId, group] of byBatch) {
    const out = applySilences(active, group.map((f) => ({ ...f, finding: f })), limits);
    pass.push(...out.pass.map((p) => p.finding));
    for (const [id, t] of out.held) if (!limits.has(id)) limits.set(id, t);
    if (out.held.size > 0) await ledger.addHeld(out.held, batchId, nowMs);
  }
  return { pass, held: findings.length - pass.length };
}
