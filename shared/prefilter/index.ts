// Cheap checks on raw input that drop what no rule can match, before it is parsed.
export { auditPrefilterFor, compileAuditPrefilter, type AuditMessageFilter } from "./audit-prefilter.ts";
