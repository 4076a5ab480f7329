import { awsNodeModified } from "./aws-node-modified.ts";
import { cninodesForbidden } from "./cninodes-forbidden.ts";
import { ruleSet } from "./registry.ts";
import { systemForbidden } from "./system-forbidden.ts";

/** The rules on EKS audit-log events (the audit-logs Lambda's set). */
export const AUDIT_RULES = ruleSet([cninodesForbidden, systemForbidden, awsNodeModified]);
