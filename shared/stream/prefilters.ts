// Replay's prefilters, for the enabled rules: raw audit JSON Lines (prefilter/audit-lines.ts)
// and the audit messages of subscription events, payloads and log-event pages, scanned before
// JSON.parse; CloudTrail log files' records before they are normalised (cloudtrail-records.ts).
import type { AuditorConfig } from "../config.ts";
import { auditLineFilterFor } from "../prefilter/audit-lines.ts";
import { enabledAuditTriggers } from "../prefilter/enabled-triggers.ts";
import { auditPrefiltersFor, type AuditMessageFilter, type CandidateScan } from "../prefilter/index.ts";
import type { LineFilter } from "../prefilter/line-filter.ts";
import type { Rule } from "../rules/rule.ts";
import { cloudTrailRecordFilter, type RecordFilter } from "./cloudtrail-records.ts";

export interface ReplayPrefilters {
  lineFilter: LineFilter;
  recordFilter: RecordFilter;
  prefilters: { keepAuditMessage: AuditMessageFilter; candidateScan?: CandidateScan };
}

export function replayPrefiltersFor(rules: readonly Rule[], config: Pick<AuditorConfig, "disabledRules" | "extraSystemUsers">): ReplayPrefilters {
  const prefilters = auditPrefiltersFor(rules, config);
  const lineFilter = auditLineFilterFor(prefilters.keepAuditMessage, enabledAuditTriggers(rules, config), config.extraSystemUsers);
  return { lineFilter, recordFilter: cloudTrailRecordFilter(rules), prefilters };
}
