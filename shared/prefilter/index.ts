// Cheap checks on raw input that drop what no rule can match, before it is parsed.
import type { AuditorConfig } from "../config.ts";
import type { Rule } from "../rules/rule.ts";
import { auditPrefilterFor, type AuditMessageFilter } from "./audit-prefilter.ts";
import { candidateScanFor, type CandidateScan } from "./candidate-scan.ts";

export { auditPrefilterFor, compileAuditPrefilter, type AuditMessageFilter } from "./audit-prefilter.ts";
export { candidateScanFor, compileCandidateScan, type CandidateScan, type MessageSpans } from "./candidate-scan.ts";

/** Both audit-log prefilters for the enabled rules, as decode options take them. */
export function auditPrefiltersFor(
  rules: readonly Rule[],
  config: Pick<AuditorConfig, "disabledRules" | "extraSystemUsers">,
): { keepAuditMessage: AuditMessageFilter; candidateScan?: CandidateScan } {
  const keepAuditMessage = auditPrefilterFor(rules, config);
  const candidateScan = candidateScanFor(rules, config);
  return candidateScan ? { keepAuditMessage, candidateScan } : { keepAuditMessage };
}

