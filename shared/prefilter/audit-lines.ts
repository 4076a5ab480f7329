// The prefilter for raw audit events as JSON Lines (an export, a copy of a bucket, `kubectl
// logs` of an audit webhook): a line is passed over unparsed only when it is certainly one
// audit event that no enabled trigger accepts. Certainly an audit event: it starts as the API
// server writes one, `{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"…","auditID":"`
// (so `auditID` is a top-level key, which no later key can undo), and none of the keys that
// detectShape tries before the audit shape appears (or could, spelled with escapes). Then the
// exact message prefilter (audit-prefilter.ts) decides.
// Exactness: test/unit/prefilter/audit-lines.test.ts.
import { isAscii } from "node:buffer";
import type { LineFilter } from "./line-filter.ts";
import type { AuditTrigger } from "../rules/rule.ts";
import type { AuditMessageFilter } from "./audit-prefilter.ts";
import { compileCandidateScan, type CandidateScan } from "./candidate-scan.ts";

const HEAD = Buffer.from('{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"');
const AUDIT_ID = Buffer.from('","auditID":"');
const LONGEST_LEVEL = "RequestResponse".length;

/** The line opens as the API server writes an audit event, auditID at the top level. */
function opensAsAuditEvent(line: Buffer): boolean {
  if (line.length < HEAD.length + AUDIT_ID.length || line.compare(HEAD, 0, HEAD.length, 0, HEAD.length) !== 0) return false;
  let i = HEAD.length;
  const end = Math.min(line.length, HEAD.length + LONGEST_LEVEL + 1);
  while (i < end && ((line[i]! >= 0x41 && line[i]! <= 0x5a) || (line[i]! >= 0x61 && line[i]! <= 0x7a))) i++;
  return i > HEAD.length && line.compare(AUDIT_ID, 0, AUDIT_ID.length, i, i + AUDIT_ID.length) === 0;
}

/**
 * Keys detectShape tries before the audit shape (subscription events and payloads, digests,
 * query results, Insights rows, CloudTrail files, records and lookups, EventBridge events),
 * the EventList a duplicate `kind` could make it, or a `\u` escape other than the three Go
 * writes for `&`, `<`, `>` that could spell one of them or a trigger's key.
 */
const OTHER_SHAPE = /"(?:awslogs|digestStartTime|results|@message|logEvents|Records|Events|detail|eventSource|eventName|eventVersion)"|EventList|\\u(?!00(?:26|3[cCeE]))/;

/** Keys detectShape tries before the audit shape, and the EventList a later `kind` could make, for the one-pass scan. */
const OTHER_SHAPE_KEYS = "awslogs|digestStartTime|results|@message|logEvents|Records|Events|detail|eventVersion|EventList";

/**
 * `keep` is the exact message prefilter; `scan` (compileCandidateScan with `raw` and
 * OTHER_SHAPE_KEYS) marks, in one pass over a chunk of lines, those worth that check.
 */
export function auditLineFilter(keep: AuditMessageFilter, scan?: CandidateScan): LineFilter {
  const one = (line: Buffer): boolean => {
    if (!opensAsAuditEvent(line)) return true;
    // ASCII (almost every line): latin1 gives the same string as UTF-8, at less cost.
    const text = isAscii(line) ? line.toString("latin1") : line.toString("utf8");
    return OTHER_SHAPE.test(text) || keep(text);
  };
  const batch = (buf: Buffer, starts: readonly number[], ends: readonly number[]): Uint8Array => {
    const out = new Uint8Array(starts.length);
    // Offsets in a latin1 string are byte offsets only for ASCII; otherwise line by line.
    if (!scan || !isAscii(buf)) {
      for (let i = 0; i < starts.length; i++) out[i] = one(buf.subarray(starts[i], ends[i])) ? 1 : 0;
      return out;
    }
    const audit: number[] = [];
    for (let i = 0; i < starts.length; i++) {
      if (opensAsAuditEvent(buf.subarray(starts[i], ends[i]))) audit.push(i);
      else out[i] = 1;
    }
    if (audit.length === 0) return out;
    const text = buf.toString("latin1", 0, ends[audit.at(-1)!]);
    const marks = scan(text, { starts: audit.map((i) => starts[i]!), ends: audit.map((i) => ends[i]!) });
    for (let k = 0; k < audit.length; k++) {
      const i = audit[k]!;
      if (!marks[k]) continue;
      const line = text.slice(starts[i], ends[i]);
      out[i] = OTHER_SHAPE.test(line) || keep(line) ? 1 : 0;
    }
    return out;
  };
  return Object.assign(one, { batch });
}

/** The line filter for the enabled audit rules. */
export function auditLineFilterFor(keep: AuditMessageFilter, triggers: readonly AuditTrigger[], extraSystemUsers: readonly string[]): LineFilter {
  return auditLineFilter(keep, compileCandidateScan(triggers, extraSystemUsers, { raw: true, alsoKeys: OTHER_SHAPE_KEYS }));
}
