// The DedupStore on DynamoDB, for the Lambdas. Per key and batch: one
// consistent read of the key's head, the batch folded in memory (apply-plan.ts), then one
// conditional UpdateItem that
//   - claims a new window under `attribute_not_exists(pk) OR windowEnds <= :eventTime`, or
//     folds into the open one, adding to `cnt` and to the `seen` set of batch ids under
//     `NOT contains(seen, :batchId)` (a redelivered payload changes nothing);
//   - carries `ver = :ver`, so the folded JSON (sets, counters, newest facts, first/last seen)
//     stays exact under concurrency; a ConditionalCheckFailedException means "re-read, fold,
//     don't send" (someone else got there first).
// A closed window stays in its head until reported, so its true count survives the new window.
// No transactions, TTL set-up or ReturnValuesOnConditionCheckFailure (dynalite has none).

import type { AttributeValue, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { AddonState } from "../core/addon-state.ts";
import type { Severity } from "../core/severity.ts";
import { StoreError } from "../errors.ts";
import type { Finding } from "../types.ts";
import { planApply } from "./apply-plan.ts";
import { groupByKey } from "./window.ts";
import { DynamoIo } from "./dynamo-io.ts";
import {
  addonItem,
  batchToken,
  addonPk,
  archivePk,
  expiresAt,
  headExpiry,
  markerItem,
  markerPk,
  type HeadDoc,
  headOwes,
  headPk,
  N,
  parseAddon,
  parseArchive,
  parseHead,
  recordOwes,
  S,
  type Archive,
  type Head,
  type Item,
} from "./dynamo-items.ts";
import { dropLease, isClosed, leaseFree, owed, recordReported, recordSent, takeLease, type WindowRecord } from "./owed.ts";
import type { ApplyOptions, DedupStore, DueAlert, Lease } from "./store.ts";

export interface DynamoStoreOptions {
  client: DynamoDBClient;
  table: string;
  /** How long items live after their window ends (TTL), default 14 days. */
  retentionMs?: number;
  /** Batch tokens the head keeps before they move to marker items (default 8). */
  recentCap?: number;
  /** Waits between optimistic retries (injectable for tests). */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Lists what may owe a report, for `pending()` without keys (the sweep: dynamo-scan.ts).
   * Without it the store reads windows by key only, and needs no dynamodb:Scan.
   */
  listOwed?: (io: DynamoIo) => Promise<Item[]>;
  /** Wall clock for the contention budget (the handler's clock). */
  now?: () => number;
}

const DAY = 86_400_000;
/** Redeliveries come for up to 24 h (CloudWatch Logs, EventBridge) or 14 days (an SQS queue's retention). */
const MARKER_MIN_MS = 15 * DAY;

export { batchToken };

/** Each finding's batch token (one hash per distinct batch id). */
function tokensFor(findings: readonly Finding[], opts: ApplyOptions): (f: Finding) => string {
  const single = batchToken(opts.batchId);
  if (!opts.batchIdOf) return () => single;
  const byId = new Map<string, string>();
  const of = opts.batchIdOf;
  for (const f of findings) {
    const id = of(f);
    if (!byId.has(id)) byId.set(id, batchToken(id));
  }
  return (f) => byId.get(of(f))!;
}

/** `newest`: the key's newest window (the only one a "resolved" message can be owed for). */
type Mutation<R> = (w: WindowRecord, closedAt: (nowMs: number) => boolean, newest: boolean) => { changed: boolean; result: R };

export class DynamoStore implements DedupStore {
  private readonly io: DynamoIo;
  private readonly retentionMs: number;
  private readonly recentCap: number;
  private readonly listOwed: ((io: DynamoIo) => Promise<Item[]>) | undefined;

  constructor(opts: DynamoStoreOptions) {
    this.io = new DynamoIo(opts.client, opts.table, opts.sleep, opts.now);
    this.retentionMs = opts.retentionMs ?? 14 * DAY;
    this.recentCap = opts.recentCap ?? 8;
    this.listOwed = opts.listOwed;
  }

  async apply(findings: readonly Finding[], opts: ApplyOptions): Promise<DueAlert[]> {
    const tokenOf = tokensFor(findings, opts);
    const groups = groupByKey(findings);
    const keys = [...groups.keys()];
    const markers = [...groups].flatMap(([key, group]) => [...new Set(group.map(tokenOf))].map((t) => markerPk(key, t)));
    // Each key's head and its redelivery markers for this call's batches, in one read.
    const items = await this.io.batchGet([...keys.map(headPk), ...markers]);
    const results = await this.io.eachLimited([...groups], ([key, group]) =>
      this.applyKey(key, group.filter((f) => !items.has(markerPk(key, tokenOf(f)))), tokenOf, opts, items.get(headPk(key))),
    );
    return results.flat();
  }

  private async applyKey(key: string, all: Finding[], tokenOf: (f: Finding) => string, opts: ApplyOptions, first: Item | undefined): Promise<DueAlert[]> {
    const windowMs = opts.windowMs;
    if (all.length === 0) return [];
    return this.io.optimistic<DueAlert[]>(`apply ${key}`, async (attempt) => {
      const head = parseHead(key, attempt === 0 ? first : await this.io.get(headPk(key)));
      let group = head ? all.filter((f) => !head.seenBefore(tokenOf(f))) : all;
      if (attempt > 0 && group.length > 0) {
        const marked = await this.io.batchGet([...new Set(group.map(tokenOf))].map((t) => markerPk(key, t)));
        group = group.filter((f) => !marked.has(markerPk(key, tokenOf(f))));
      }
      if (group.length === 0) return { done: true, value: [] };
      const tokens = [...new Set(group.map(tokenOf))];
      const plan = planApply(head?.doc, group, windowMs);
      for (const w of plan.toArchive) {
        if (!(await this.putArchive(key, w, head!.ver))) return { done: false };
      }
      // The head keeps the last few batch tokens; older ones live on as small marker items,
      // written before the head update drops them (so a token is always in one or the other).
      const recent = [...(head?.recent ?? []), ...tokens];
      const leaving = recent.splice(0, Math.max(0, recent.length - this.recentCap));
      // An item written by the earlier version keeps its whole `seen` sets: they move to markers once.
      const legacy = head ? [...head.seen, ...head.seenOld] : [];
      await this.io.putMarkers([...leaving, ...legacy].map((t) => markerItem(key, t, this.markerExpiry(plan.doc))));
      const values: Record<string, AttributeValue> = {
        ":doc": S(JSON.stringify(plan.doc)),
        ":ver": N((head?.ver ?? 0) + 1),
        ":rb": { L: recent.map(S) },
      };
      const sets = ["doc = :doc", "ver = :ver", "rb = :rb"];
      const adds: string[] = [];
      const removes: string[] = legacy.length > 0 ? ["seen", "seenOld"] : [];
      // A head that still owes a sink something never expires unseen: TTL only once all have it.
      if (headOwes(plan.doc)) (sets.push("owed = :owed"), (values[":owed"] = S("1")), removes.push("expiresAt"));
      else (removes.push("owed"), sets.push("expiresAt = :exp"), (values[":exp"] = N(headExpiry(plan.doc, this.retentionMs))));
      const conds: string[] = [];
      if (plan.claimAtMs !== undefined) {
        sets.push("ws = :ws", "windowEnds = :we", "cnt = :cnt");
        values[":ws"] = N(plan.doc.current.alert.windowStartMs);
        values[":we"] = N(plan.doc.current.alert.windowEndMs);
        values[":cnt"] = N(plan.doc.current.alert.count);
        if (head) values[":t"] = N(plan.claimAtMs);
        conds.unshift(head ? "(attribute_not_exists(pk) OR windowEnds <= :t)" : "attribute_not_exists(pk)");
      } else {
        adds.push("cnt :n");
        values[":n"] = N(plan.added);
      }
      if (head) (conds.push("ver = :read"), (values[":read"] = N(head.ver)));
      const expr = `SET ${sets.join(", ")}${adds.length ? ` ADD ${adds.join(", ")}` : ""}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`;
      const ok = await this.io.update(headPk(key), expr, conds.join(" AND "), undefined, values);
      return ok ? { done: true, value: plan.due } : { done: false };
    }, opts.deadlineMs);
  }

  /** Markers outlive every redelivery: the key's windows' retention, at least MARKER_MIN_MS. */
  private markerExpiry(doc: HeadDoc): number {
    return Math.max(headExpiry(doc, this.retentionMs), expiresAt(doc.current.alert.windowStartMs, MARKER_MIN_MS));
  }

  /** Moves a closed window (frozen at head version `basedOn`) to its own item. */
  private async putArchive(key: string, w: WindowRecord, basedOn: number): Promise<boolean> {
    return this.io.put(
      {
        pk: S(archivePk(key, w.alert.windowStartMs)),
        key: S(key),
        doc: S(JSON.stringify(w)),
        ver: N(0),
        basedOn: N(basedOn),
        ...(recordOwes(w) ? { owed: S("1") } : { expiresAt: N(expiresAt(w.alert.windowEndMs, this.retentionMs)) }),
      },
      // Same read version = same content; a sealed (live) archive is never overwritten.
      "attribute_not_exists(pk) OR (basedOn <= :v AND attribute_not_exists(sealed))",
      { ":v": N(basedOn) },
    );
  }

  async pending(nowMs: number, keys?: readonly string[]): Promise<DueAlert[]> {
    const heads = new Map<string, Head>();
    const archives: Archive[] = [];
    if (keys) {
      for (const [pk, item] of await this.io.batchGet(keys.map(headPk))) {
        const h = parseHead(pk.slice(2), item);
        if (h) heads.set(h.key, h);
      }
    } else {
      if (!this.listOwed) throw new StoreError("this store reads windows by key only: pending() needs keys (listOwed not given)");
      for (const item of await this.listOwed(this.io)) {
        const pk = item.pk?.S ?? "";
        if (pk.startsWith("w#")) {
          const h = parseHead(pk.slice(2), item);
          if (h) heads.set(h.key, h);
        } else if (pk.startsWith("a#")) {
          const a = parseArchive(item);
          if (a) archives.push(a);
        }
      }
      const missing = [...new Set(archives.map((a) => a.key))].filter((k) => !heads.has(k));
      for (const [pk, item] of await this.io.batchGet(missing.map(headPk))) {
        const h = parseHead(pk.slice(2), item);
        if (h) heads.set(h.key, h);
      }
    }
    const due: DueAlert[] = [];
    const listed = new Set<string>();
    for (const h of heads.values()) {
      const c = owed(h.doc.current, isClosed(h.doc.current, false, nowMs), nowMs);
      if (c) due.push(c);
      for (const w of h.doc.closed) {
        const d = owed(w, true);
        if (d) due.push(d);
      }
      for (const ws of h.doc.archived) listed.add(archivePk(h.key, ws));
    }
    if (keys) {
      for (const [, item] of await this.io.batchGet([...listed])) {
        const a = parseArchive(item);
        if (a) archives.push(a);
      }
    }
    // An archive counts only once its head lists it (an unlisted one is a crashed write's leftover).
    for (const a of archives) {
      if (!listed.has(archivePk(a.key, a.record.alert.windowStartMs))) continue;
      const d = owed(a.record, true);
      if (d) due.push(d);
    }
    return due;
  }

  claim(dedupKey: string, windowStartMs: number, lease: Lease, asOfMs: number, sink?: string): Promise<DueAlert | undefined> {
    return this.mutate(dedupKey, windowStartMs, (w, closedAt, newest) => {
      if (!leaseFree(w, lease, sink)) return { changed: false, result: undefined };
      const d = owed(w, closedAt(asOfMs), newest ? asOfMs : undefined);
      if (d) takeLease(w, lease, sink);
      return { changed: d !== undefined, result: d };
    });
  }

  async release(dedupKey: string, windowStartMs: number, owner: string, sink?: string): Promise<void> {
    await this.mutate(dedupKey, windowStartMs, (w) => ({ changed: dropLease(w, owner, sink), result: undefined }));
  }

  async markSent(dedupKey: string, windowStartMs: number, count: number, sink?: string, severity?: Severity, resolve?: "owe" | "done"): Promise<void> {
    await this.mutate(dedupKey, windowStartMs, (w) => ({ changed: recordSent(w, count, sink, severity, resolve), result: undefined }));
  }

  async markReported(dedupKey: string, windowStartMs: number, takers: readonly string[]): Promise<void> {
    await this.mutate(dedupKey, windowStartMs, (w) => ({ changed: recordReported(w, takers), result: undefined }));
  }

  /** Read-modify-write of one window wherever it lives (head or archive), under `ver`. */
  private mutate<R>(key: string, ws: number, fn: Mutation<R>): Promise<R | undefined> {
    return this.io.optimistic(`update ${key}`, async () => {
      const head = parseHead(key, await this.io.get(headPk(key)));
      if (!head) return { done: true, value: undefined };
      const doc = head.doc;
      const inHead = doc.current.alert.windowStartMs === ws ? doc.current : doc.closed.find((w) => w.alert.windowStartMs === ws);
      if (inHead) {
        const superseded = inHead !== doc.current;
        const { changed, result } = fn(inHead, (now) => isClosed(inHead, superseded, now), !superseded);
        if (!changed) return { done: true, value: result };
        doc.closed = doc.closed.filter(recordOwes);
        const owes = headOwes(doc);
        const ok = await this.io.update(
          headPk(key),
          owes ? "SET doc = :doc, ver = :ver, owed = :owed REMOVE expiresAt" : "SET doc = :doc, ver = :ver, expiresAt = :exp REMOVE owed",
          "ver = :read",
          undefined,
          {
            ":doc": S(JSON.stringify(doc)),
            ":ver": N(head.ver + 1),
            ":read": N(head.ver),
            ...(owes ? { ":owed": S("1") } : { ":exp": N(headExpiry(doc, this.retentionMs)) }),
          },
        );
        return ok ? { done: true, value: result } : { done: false };
      }
      if (!doc.archived.includes(ws)) return { done: true, value: undefined };
      const archive = parseArchive(await this.io.get(archivePk(key, ws)));
      if (!archive) return { done: true, value: undefined };
      const { changed, result } = fn(archive.record, () => true, false);
      if (!changed) return { done: true, value: result };
      const owes = recordOwes(archive.record);
      const ok = await this.io.update(
        archivePk(key, ws),
        owes ? "SET doc = :doc, ver = :ver, sealed = :t REMOVE expiresAt" : "SET doc = :doc, ver = :ver, sealed = :t, expiresAt = :exp REMOVE owed",
        "ver = :read",
        undefined,
        {
          ":doc": S(JSON.stringify(archive.record)),
          ":ver": N(archive.ver + 1),
          ":read": N(archive.ver),
          ":t": { BOOL: true },
          ...(owes ? {} : { ":exp": N(expiresAt(archive.record.alert.windowEndMs, this.retentionMs)) }),
        },
      );
      if (!ok) return { done: false };
      if (!owes) await this.unlistArchive(key, ws);
      return { done: true, value: result };
    });
  }

  /** Best effort: a fully reported archive leaves its head's list (a stale entry only costs a read). */
  private async unlistArchive(key: string, ws: number): Promise<void> {
    const head = parseHead(key, await this.io.get(headPk(key)));
    if (!head || !head.doc.archived.includes(ws)) return;
    head.doc.archived = head.doc.archived.filter((x) => x !== ws);
    await this.io.update(headPk(key), "SET doc = :doc, ver = :ver", "ver = :read", undefined, {
      ":doc": S(JSON.stringify(head.doc)),
      ":ver": N(head.ver + 1),
      ":read": N(head.ver),
    });
  }

  async loadAddonStates(keys: readonly string[]): Promise<Map<string, AddonState>> {
    const out = new Map<string, AddonState>();
    const items = await this.io.batchGet(keys.map(addonPk));
    for (const k of keys) {
      const item = items.get(addonPk(k));
      if (item) out.set(k, parseAddon(item));
    }
    return out;
  }

  async saveAddonStates(states: ReadonlyMap<string, AddonState>): Promise<void> {
    await this.io.eachLimited([...states], ([k, s]) =>
      // The newest event wins, whatever order invocations finish in.
      this.io.put(addonItem(k, s), "attribute_not_exists(pk) OR timeMs <= :t", { ":t": N(s.timeMs) }),
    );
  }
}
