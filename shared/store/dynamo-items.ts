// The DynamoDB item shapes of the dedup table (partition key `pk` only, TTL `expiresAt`):
//
//   w#<dedupKey>          head of a key: the open window, closed windows that still owe a
//                         report, the last few batch tokens counted (`rb`), a version `ver`
//                         (items of the earlier version hold every token in `seen`/`seenOld` sets)
//   b#<dedupKey>#<token>  a batch counted for the key, once its token left the head (TTL): a
//                         redelivery costs one small read, and no write rewrites a set of ids
//   a#<dedupKey>#<start>  a closed window moved out of a crowded head (rare: many windows in a
//                         row whose delivery failed); listed in the head's `archived`
//   addon#<state key>     last seen add-on version/features, for `fromVersion`
//
// Folded alerts are JSON documents written under optimistic concurrency (`ver`), so merges of
// sets, counters and newest facts are exact whatever runs concurrently.

import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { AddonState } from "../core/addon-state.ts";
import type { WindowRecord } from "./owed.ts";
import { createHash } from "node:crypto";

export type Item = Record<string, AttributeValue>;

export interface HeadDoc {
  current: WindowRecord;
  /** Closed windows that still owe a report, oldest first. */
  closed: WindowRecord[];
  /** Starts of closed windows moved to their own `a#` items. */
  archived: number[];
}

export interface Head {
  key: string;
  ver: number;
  doc: HeadDoc;
  /** The last few batch tokens counted, oldest first. */
  recent: string[];
  /** Tokens of an item written by the earlier version (moved to markers on the next write). */
  seen: Set<string>;
  seenOld: Set<string>;
  /** The batch was counted here (marker items aside). */
  seenBefore(token: string): boolean;
}

export interface Archive {
  key: string;
  ver: number;
  basedOn: number;
  sealed: boolean;
  record: WindowRecord;
}

export const headPk = (key: string): string => `w#${key}`;
export const archivePk = (key: string, windowStartMs: number): string => `a#${key}#${windowStartMs}`;
export const markerPk = (key: string, token: string): string => `b#${key}#${token}`;
export const markerItem = (key: string, token: string, expiresAtSec: number): Item => ({ pk: S(markerPk(key, token)), expiresAt: N(expiresAtSec) });
export const addonPk = (stateKey: string): string => `addon#${stateKey}`;

export const S = (s: string): AttributeValue => ({ S: s });
export const N = (n: number): AttributeValue => ({ N: String(n) });
export const SS = (xs: Iterable<string>): AttributeValue => ({ SS: [...xs] });

function num(item: Item, name: string): number {
  const v = item[name]?.N;
  return v === undefined ? 0 : Number(v);
}

export function parseHead(key: string, item: Item | undefined): Head | undefined {
  if (!item?.doc?.S) return undefined;
  const recent = (item.rb?.L ?? []).map((v) => v.S ?? "");
  const seen = new Set(item.seen?.SS ?? []);
  const seenOld = new Set(item.seenOld?.SS ?? []);
  return {
    key,
    ver: num(item, "ver"),
    doc: JSON.parse(item.doc.S) as HeadDoc,
    recent,
    seen,
    seenOld,
    seenBefore: (t) => recent.includes(t) || seen.has(t) || seenOld.has(t),
  };
}

export function parseArchive(item: Item | undefined): Archive | undefined {
  if (!item?.doc?.S || !item.key?.S) return undefined;
  return {
    key: item.key.S,
    ver: num(item, "ver"),
    basedOn: num(item, "basedOn"),
    sealed: item.sealed?.BOOL === true,
    record: JSON.parse(item.doc.S) as WindowRecord,
  };
}

/** Whether anything in the head may still owe a report (the sweep's Scan filter). */
export function headOwes(doc: HeadDoc): boolean {
  const resolvePending = Object.values(doc.current.resolve ?? {}).includes(false);
  return doc.current.alert.count > doc.current.reported || doc.closed.length > 0 || doc.archived.length > 0 || resolvePending;
}

export function recordOwes(w: WindowRecord): boolean {
  return w.alert.count > w.reported;
}

/** A head's TTL: its newest window end plus the retention (set only once nothing is owed). */
export function headExpiry(doc: HeadDoc, retentionMs: number): number {
  return expiresAt(Math.max(doc.current.alert.windowEndMs, ...doc.closed.map((w) => w.alert.windowEndMs)), retentionMs);
}

/** TTL: the newest window end plus the retention, in epoch seconds. */
export function expiresAt(windowEndMs: number, retentionMs: number): number {
  return Math.ceil((windowEndMs + retentionMs) / 1000);
}

export function addonItem(stateKey: string, s: AddonState): Item {
  return {
    pk: S(addonPk(stateKey)),
    version: s.version === null ? { NULL: true } : S(s.version),
    features: S(JSON.stringify(s.features)),
    timeMs: N(s.timeMs),
  };
}

export function parseAddon(item: Item): AddonState {
  return {
    version: item.version?.S ?? null,
    features: JSON.parse(item.features?.S ?? "[]") as string[],
    timeMs: num(item, "timeMs"),
  };
}

/**
 * Short, fixed-size token for a batch id: keeps markers small whatever the id. Here, with the
 * item shapes, so a reader (silence-store.ts) needs no store code and its IAM stays read-only.
 */
export function batchToken(batchId: string): string {
  return createHash("sha256").update(batchId).digest("base64url").slice(0, 16);
}
