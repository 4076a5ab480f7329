// A key's head item holds its open window and up to MAX_CLOSED_IN_HEAD closed ones that still owe
// a report. DynamoDB refuses items over 400 KB, and a head it refuses fails every later batch of
// its key: a sink that keeps refusing (so windows stay owed) plus long set members (253-character
// node names) would get there. Counts bound nothing here; the sets of facts do. When the head's
// document is too big, set and counter facts give up members, oldest windows first and largest
// facts first, and the window names them in TRUNCATED_FACT so its text says "at least".

import { TRUNCATED_FACT } from "../core/limits.ts";
import type { FactValue, Facts } from "../types.ts";
import type { HeadDoc } from "./dynamo-items.ts";
import type { WindowRecord } from "./owed.ts";

/** What the head's JSON document may take, leaving room for the item's other attributes. */
export const HEAD_DOC_MAX_BYTES = 300_000;
/** Members a shrunk set or counter keeps at least (so an alert still names some). */
const KEEP_AT_LEAST = 3;
/** Characters a scalar fact keeps when even the sets cannot make room. */
const SCALAR_KEEP = 256;

const bytes = (v: unknown): number => Buffer.byteLength(JSON.stringify(v));

function shrunk(v: FactValue): FactValue | undefined {
  if (Array.isArray(v)) return v.length > KEEP_AT_LEAST ? v.slice(0, Math.max(KEEP_AT_LEAST, Math.floor(v.length / 2))) : undefined;
  if (typeof v === "object" && v !== null) {
    const entries = Object.entries(v);
    if (entries.length <= KEEP_AT_LEAST) return undefined;
    // Keep the largest counts; what is dropped still counts in the window's total.
    const kept = entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, Math.max(KEEP_AT_LEAST, Math.floor(entries.length / 2)));
    return Object.fromEntries(kept);
  }
  if (typeof v === "string" && v.length > SCALAR_KEEP) return `${v.slice(0, SCALAR_KEEP)}… (truncated)`;
  return undefined;
}

/** Shrinks one window's facts by at least `excess` bytes where it can; returns the bytes saved. */
function shrinkWindow(w: WindowRecord, excess: number): number {
  let saved = 0;
  const facts: Facts = { ...w.alert.facts };
  const truncated = new Set(Array.isArray(facts[TRUNCATED_FACT]) ? (facts[TRUNCATED_FACT] as string[]) : []);
  for (;;) {
    const candidates = Object.entries(facts)
      .filter(([k]) => k !== TRUNCATED_FACT)
      .map(([k, v]) => ({ k, v, size: bytes(v), next: shrunk(v) }))
      .filter((c) => c.next !== undefined)
      .sort((a, b) => b.size - a.size || (a.k < b.k ? -1 : 1));
    const c = candidates[0];
    if (!c || saved >= excess) break;
    facts[c.k] = c.next!;
    if (typeof c.v !== "string") truncated.add(c.k);
    saved += c.size - bytes(c.next);
  }
  if (saved > 0) {
    const before = bytes(w.alert.facts);
    if (truncated.size > 0) facts[TRUNCATED_FACT] = [...truncated].sort();
    w.alert = { ...w.alert, facts };
    return before - bytes(facts);
  }
  return 0;
}

/** The head document within HEAD_DOC_MAX_BYTES (the same object when it already fits). */
export function fitDoc(doc: HeadDoc, maxBytes = HEAD_DOC_MAX_BYTES): HeadDoc {
  let excess = bytes(doc) - maxBytes;
  if (excess <= 0) return doc;
  const out: HeadDoc = { ...doc, current: { ...doc.current }, closed: doc.closed.map((w) => ({ ...w })) };
  for (const w of [...out.closed, out.current]) {
    excess -= shrinkWindow(w, excess);
    if (excess <= 0) break;
  }
  return out;
}
