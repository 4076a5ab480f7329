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
import type { AuditMessageFilter } from "./audit-prefilter.ts";

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

export function auditLineFilter(keep: AuditMessageFilter): LineFilter {
  return (line) => {
    if (!opensAsAuditEvent(line)) return true;
    // ASCII (almost every line): latin1 gives the same string as UTF-8, at less cost.
    const text = isAscii(line) ? line.toString("latin1") : line.toString("utf8");
    return OTHER_SHAPE.test(text) || keep(text);
  };
}
