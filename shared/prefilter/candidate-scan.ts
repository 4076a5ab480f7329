// The payload-level prefilter: one regex pass over a CloudWatch Logs payload's text marks the
// log events whose message could hold a record some trigger accepts, without unescaping or
// parsing any message. Messages sit in the payload as JSON strings, so the audit event's own
// quotes read `\"`: `{\"code\":403}`. The pass looks for, per trigger field with listed values
// (codes, users, resources, verbs):
//   - the field written as Go writes it with an accepted value: `\"code\":403`, `\"verb\":\"patch\"`;
//   - the key written any other way (whitespace, an odd number or an escaped value): it might
//     hide an accepted value, so it counts as one;
//   - an escape that could spell a key or value character (`\u0063`, `\/`): anything could hide;
//   - a CloudTrail record's key (`\"eventName\"`): such a message is read as a record, not an
//     audit event (cloudtrail-message.ts), whatever the triggers say.
// An event is a candidate when every listed field of some trigger has a hit inside its message.
// Candidates then take the exact message prefilter (audit-prefilter.ts) and JSON.parse; the
// rest never reach a rule. Fields without a value list (codeBelow, noSubresource) are left to
// that exact check. Exactness: test/unit/prefilter/candidate-scan.test.ts.
import type { AuditorConfig } from "../config.ts";
import type { AuditTrigger, Rule } from "../rules/rule.ts";
import { CLOUDTRAIL_KEY } from "./cloudtrail-message.ts";
import { enabledAuditTriggers } from "./enabled-triggers.ts";
import { escapedHasSubresource } from "./subresource.ts";

/** Message spans of one payload's log events: [starts[i], ends[i]) in `text`, in order. */
export interface MessageSpans {
  starts: readonly number[];
  ends: readonly number[];
}

/** Marks, per span, whether its message may hold a record a trigger accepts. */
export type CandidateScan = (text: string, spans: MessageSpans) => Uint8Array;

type Key = "code" | "username" | "resource" | "verb";
const KEYS: readonly Key[] = ["code", "username", "resource", "verb"];

/** One trigger's listed values per key (ANDed across keys). */
type Need = Partial<Record<Key, ReadonlySet<string>>>;

function needOf(t: AuditTrigger, extraUsers: readonly string[]): Need | undefined {
  const need: Need = {};
  if (t.codes !== undefined) {
    if (!t.codes.every((c) => Number.isSafeInteger(c))) return undefined; // written as Go writes integers
    need.code = new Set(t.codes.map(String));
  }
  if (t.users !== undefined) need.username = new Set(t.usersFromConfig ? [...t.users, ...extraUsers] : t.users);
  if (t.resources !== undefined) need.resource = new Set(t.resources);
  if (t.verbs !== undefined) need.verb = new Set(t.verbs);
  return Object.keys(need).length > 0 ? need : undefined;
}

const regexText = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
/** `\"` as it stands in the payload text (`"` in raw JSON Lines). */
const quoteOf = (raw: boolean): string => (raw ? '"' : '\\\\"');
/** A value Go would write that no listed value can be: a plain string, an integer, null/true/false, {…} or […]. */
const plainValue = (Q: string): string => `${Q}[^\\\\"]*${Q}|-?(?:0|[1-9][0-9]*)(?=[,}\\]])|[ntf{\\[]`;

export interface ScanOptions {
  /**
   * Raw JSON (JSON Lines of audit events) instead of messages escaped inside a payload; a
   * noSubresource trigger is then left to the exact check (audit-prefilter.ts).
   */
  raw?: boolean;
  /** More keys (regex alternatives) whose presence makes a span a candidate. */
  alsoKeys?: string;
}

/**
 * `\u` escapes that may spell a character of a key or listed value. Go's encoder only writes
 * \u0026 \u003c \u003e (& < >), control characters and U+2028/9; for ASCII needles every other
 * `\u00XX` below 0x80 is suspect, and any `\u` when a listed value is not ASCII; `\/` when one
 * holds a slash.
 */
function escapePattern(values: readonly string[]): string {
  const nonAscii = values.some((v) => /[^\x00-\x7f]/.test(v));
  const parts = [nonAscii ? "\\\\u" : "\\\\u00(?!26|3[cCeE])[0-7]"];
  if (values.some((v) => v.includes("/"))) parts.push("\\\\\\/");
  return `(${parts.join("|")})`;
}

/** Compiles triggers (ORed) into a candidate scan; undefined when some trigger lists no values. */
export function compileCandidateScan(triggers: readonly AuditTrigger[], extraSystemUsers: readonly string[] = [], opts: ScanOptions = {}): CandidateScan | undefined {
  const raw = opts.raw === true;
  const Q = quoteOf(raw);
  const PLAIN_VALUE = plainValue(Q);
  const needs: Need[] = [];
  /** Per trigger: it takes only requests on a named resource itself (no subresource). */
  const objectOnly: boolean[] = [];
  for (const t of triggers) {
    const need = needOf(t, extraSystemUsers);
    if (!need) return undefined; // it could accept events the pass cannot see; scan nothing
    needs.push(need);
    objectOnly.push(t.noSubresource === true && t.resources !== undefined);
  }
  const keys = KEYS.filter((k) => needs.some((n) => n[k] !== undefined));
  const listed = new Map(keys.map((k) => [k, [...new Set(needs.flatMap((n) => [...(n[k] ?? [])]))]]));
  // Groups: 1..keys.length an accepted value per key, then the oddly written key (if any key is
  // listed), a CloudTrail key, an escape.
  const accepted = keys.map((k) => {
    const values = listed.get(k)!.map(regexText).join("|");
    return k === "code" ? `code${Q}:(${values})(?=[,}\\]])` : `${k}${Q}:${Q}(${values})${Q}`;
  });
  const odd = keys.length > 0 ? [`(${keys.join("|")})${Q}(?!:(?:${PLAIN_VALUE}))`] : [];
  const trail = `(${CLOUDTRAIL_KEY}${opts.alsoKeys ? `|${opts.alsoKeys}` : ""})${Q}`;
  const pattern = new RegExp(`${Q}(?:${[...accepted, ...odd, trail].join("|")})|${escapePattern(keys.flatMap((k) => [k, ...listed.get(k)!]))}`, "g");
  const oddGroup = odd.length > 0 ? keys.length + 1 : -1;
  const trailGroup = keys.length + odd.length + 1;
  const escapeGroup = trailGroup + 1;

  // Bit per (trigger, key): which triggers a hit satisfies. A trigger is met when all its bits are.
  const bits = new Map<Key, Array<{ bit: number; values: ReadonlySet<string> }>>(keys.map((k) => [k, []]));
  const full: number[] = [];
  let next = 0;
  for (const need of needs) {
    let mask = 0;
    for (const k of keys) {
      const values = need[k];
      if (!values) continue;
      const bit = 2 ** next++;
      bits.get(k)!.push({ bit, values });
      mask += bit;
    }
    full.push(mask);
  }
  if (next > 31) return undefined; // masks are 32-bit integers; this many trigger fields is not expected
  const ALL = -1;
  const anyOf = new Map(keys.map((k) => [k, bits.get(k)!.reduce((m, b) => m | b.bit, 0)]));

  function hitMask(m: RegExpExecArray): number {
    if (m[escapeGroup] !== undefined || m[trailGroup] !== undefined) return ALL;
    const oddKey = oddGroup > 0 ? (m[oddGroup] as Key | undefined) : undefined;
    if (oddKey !== undefined) return anyOf.get(oddKey)!;
    for (let g = 0; g < keys.length; g++) {
      const value = m[g + 1];
      if (value === undefined) continue;
      let mask = 0;
      for (const b of bits.get(keys[g]!)!) if (b.values.has(value)) mask |= b.bit;
      return mask;
    }
    return 0;
  }

  /** Hits `seen` in one message meet some trigger (the kubelet's token and status writes do not). */
  function meets(seen: number, text: string, start: number, end: number): boolean {
    if (seen === ALL) return true;
    let objectOnlyMet = false;
    for (let t = 0; t < full.length; t++) {
      if ((seen & full[t]!) !== full[t]) continue;
      if (!objectOnly[t]) return true;
      objectOnlyMet = true;
    }
    return objectOnlyMet && (raw || !escapedHasSubresource(text.slice(start, end)));
  }

  return (text, spans) => {
    const { starts, ends } = spans;
    const out = new Uint8Array(starts.length);
    if (starts.length === 0) return out;
    const last = ends[ends.length - 1]!;
    let i = 0;
    let seen = 0; // hits in message i so far
    pattern.lastIndex = starts[0]!;
    for (let m = pattern.exec(text); m !== null && m.index < last; m = pattern.exec(text)) {
      if (m.index >= ends[i]!) {
        if (seen !== 0 && meets(seen, text, starts[i]!, ends[i]!)) out[i] = 1;
        seen = 0;
        while (m.index >= ends[i]!) i++;
      }
      if (m.index >= starts[i]!) seen |= hitMask(m); // else between messages, in an envelope
    }
    if (seen !== 0 && meets(seen, text, starts[i]!, ends[i]!)) out[i] = 1;
    return out;
  };
}

/** The candidate scan for the enabled audit rules under `config`, as auditPrefilterFor. */
export function candidateScanFor(rules: readonly Rule[], config: Pick<AuditorConfig, "disabledRules" | "extraSystemUsers">): CandidateScan | undefined {
  return compileCandidateScan(enabledAuditTriggers(rules, config), config.extraSystemUsers);
}
