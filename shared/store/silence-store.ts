// Silences in the stack's DynamoDB table:
//   silences              one registry item: every silence (JSON `doc`), written under `ver` by
//                         the CLI (rare), read with one GetItem by the functions
//   silence-tally#<id>    what a silence held back: `events` and per-batch worst severities as
//                         counters, `first` (the severity when silenced), up to KEYS_KEPT keys,
//                         `rb` the last RECENT_KEPT batch tokens and `ver`
//   silence-batch#<id>#<token>  a batch counted before the last RECENT_KEPT (TTL'd marker)
// Counts are exact under redelivery, as a window head's are (dynamo-store.ts): a batch adds to a
// tally only if its token (batchToken of the same batch id) is in neither `rb` nor a marker,
// in one conditional update under `ver`; keys are a set, so adding them again changes nothing.
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { SEVERITIES, type Severity } from "../core/severity.ts";
import { StoreError } from "../errors.ts";
import type { HeldBack } from "../routing/silences.ts";
import type { SilenceRecord } from "../routing/silence-summary.ts";
import type { DynamoIo } from "./dynamo-io.ts";
import { batchToken, N, S, SS, type Item } from "./dynamo-items.ts";

export const REGISTRY_PK = "silences";
export const tallyPk = (id: string): string => `silence-tally#${id}`;
/** Keys listed per silence (the summary shows the first ones; the count of events stays exact). */
export const KEYS_KEPT = 100;
/** Ended silences are kept this long after their summary went out (the audit trail), then dropped. */
export const ENDED_KEPT_MS = 90 * 24 * 60 * 60 * 1000;

/** Batch tokens a tally keeps before they move to marker items (as a window head does). */
export const RECENT_KEPT = 8;
/** Markers outlive every redelivery: up to 24 h (CloudWatch Logs, EventBridge), 14 days (SQS). */
const MARKER_KEPT_MS = 15 * 24 * 60 * 60 * 1000;
export const heldMarkerPk = (id: string, token: string): string => `silence-batch#${id}#${token}`;

export interface Tally extends HeldBack {
  /** Keys listed: at most KEYS_KEPT. */
  keysCapped: boolean;
}

export class SilenceStore {
  constructor(private readonly io: DynamoIo) {}

  private async read(): Promise<{ ver: number; silences: SilenceRecord[] }> {
    const item = await this.io.get(REGISTRY_PK);
    if (!item?.doc?.S) return { ver: 0, silences: [] };
    return { ver: Number(item.ver?.N ?? "0"), silences: JSON.parse(item.doc.S) as SilenceRecord[] };
  }

  async list(): Promise<SilenceRecord[]> {
    return (await this.read()).silences;
  }

  /** Read-modify-write of the registry under `ver`; `change` returns the new list and a result. */
  private edit<R>(what: string, change: (silences: SilenceRecord[]) => { silences: SilenceRecord[]; result: R }): Promise<R> {
    return this.io.optimistic<R>(what, async () => {
      const { ver, silences } = await this.read();
      const { silences: next, result } = change(silences);
      const values: Record<string, AttributeValue> = { ":doc": S(JSON.stringify(next)), ":ver": N(ver + 1) };
      const ok = ver === 0
        ? await this.io.update(REGISTRY_PK, "SET doc = :doc, ver = :ver", "attribute_not_exists(pk)", undefined, values)
        : await this.io.update(REGISTRY_PK, "SET doc = :doc, ver = :ver", "ver = :read", undefined, { ...values, ":read": N(ver) });
      return ok ? { done: true, value: result } : { done: false };
    });
  }

  /** Adds a new silence (its id must be unused); drops ended ones whose summary went out long ago. */
  add(s: SilenceRecord, nowMs: number): Promise<void> {
    return this.edit(`add silence ${s.id}`, (all) => {
      if (all.some((x) => x.id === s.id)) throw new StoreError(`a silence with id ${s.id} exists already`);
      const kept = all.filter((x) => !(x.summarizedTo && Date.parse(x.until) + ENDED_KEPT_MS < nowMs));
      return { silences: [...kept, s], result: undefined };
    });
  }

  /** Ends a silence now (its summary follows from the sweep); undefined when there is no such id. */
  expire(id: string, by: string, nowMs: number): Promise<SilenceRecord | undefined> {
    return this.edit(`expire silence ${id}`, (all) => {
      const i = all.findIndex((x) => x.id === id);
      if (i < 0) return { silences: all, result: undefined };
      const s = all[i]!;
      if (Date.parse(s.until) <= nowMs) return { silences: all, result: s };
      const ended: SilenceRecord = { ...s, until: new Date(nowMs).toISOString(), expiredBy: by, expiredAt: new Date(nowMs).toISOString() };
      return { silences: all.map((x, j) => (j === i ? ended : x)), result: ended };
    });
  }

  /** Records that the summary of silence `id` reached `sinks`. */
  markSummarized(id: string, sinks: readonly string[]): Promise<void> {
    return this.edit(`summarized silence ${id}`, (all) => ({
      silences: all.map((x) => (x.id === id ? { ...x, summarizedTo: [...new Set([...(x.summarizedTo ?? []), ...sinks])] } : x)),
      result: undefined,
    }));
  }

  async tallies(ids: readonly string[]): Promise<Map<string, Tally>> {
    const out = new Map<string, Tally>();
    for (const [pk, item] of await this.io.batchGet(ids.map(tallyPk))) {
      const t = parseTally(pk.slice("silence-tally#".length), item);
      if (t) out.set(t.silenceId, t);
    }
    return out;
  }

  /**
   * Adds one batch's held-back findings to the tallies, once per `batchId` (the id the window
   * store dedups the same batch by): a redelivered batch changes no count.
   */
  async addHeld(held: ReadonlyMap<string, HeldBack>, batchId: string, nowMs: number): Promise<void> {
    const token = batchToken(batchId);
    await this.io.eachLimited([...held.values()], async (h) => {
      // Keys first, listed up to a cap (the item stays small whatever a storm holds); a set, so
      // a redelivery adds nothing, and one that dies before the count below leaves no key out.
      await this.io.update(tallyPk(h.silenceId), "ADD #keys :k", "attribute_not_exists(#keys) OR size(#keys) < :cap", { "#keys": "keys" }, {
        ":k": SS(h.keys),
        ":cap": N(KEYS_KEPT),
      });
      await this.io.optimistic<void>(`count held back by silence ${h.silenceId}`, async () => {
        const items = await this.io.batchGet([tallyPk(h.silenceId), heldMarkerPk(h.silenceId, token)]);
        const tally = items.get(tallyPk(h.silenceId));
        const recent = (tally?.rb?.L ?? []).map((v) => v.S ?? "");
        if (items.has(heldMarkerPk(h.silenceId, token)) || recent.includes(token)) return { done: true, value: undefined };
        recent.push(token);
        // Tokens leaving `rb` become markers before the update drops them: always in one or the other.
        const leaving = recent.splice(0, Math.max(0, recent.length - RECENT_KEPT));
        const expires = N(Math.floor((nowMs + MARKER_KEPT_MS) / 1000));
        await this.io.putMarkers(leaving.map((t) => ({ pk: S(heldMarkerPk(h.silenceId, t)), expiresAt: expires })));
        const ver = tally?.ver?.N;
        const ok = await this.io.update(
          tallyPk(h.silenceId),
          "ADD events :n, #worst :one SET #first = if_not_exists(#first, :first), rb = :rb, ver = :ver",
          ver === undefined ? "attribute_not_exists(ver)" : "ver = :read",
          { "#worst": `worst_${h.worstSeverity}`, "#first": "first" },
          {
            ":n": N(h.events),
            ":one": N(1),
            ":first": S(h.firstSeverity),
            ":rb": { L: recent.map(S) },
            ":ver": N(Number(ver ?? "0") + 1),
            ...(ver === undefined ? {} : { ":read": N(Number(ver)) }),
          },
        );
        return ok ? { done: true, value: undefined } : { done: false };
      });
    });
  }
}

export function parseTally(id: string, item: Item | undefined): Tally | undefined {
  if (!item?.events?.N) return undefined;
  const worst = SEVERITIES.find((s) => Number(item[`worst_${s}`]?.N ?? "0") > 0) ?? "info";
  const keys = item.keys?.SS ?? [];
  return {
    silenceId: id,
    events: Number(item.events.N),
    keys: [...keys].sort(),
    worstSeverity: worst,
    firstSeverity: (item.first?.S as Severity | undefined) ?? worst,
    keysCapped: keys.length >= KEYS_KEPT,
  };
}
