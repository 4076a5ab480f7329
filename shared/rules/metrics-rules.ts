import { auditSourceSilent } from "./audit-source-silent.ts";
import { ruleSet } from "./registry.ts";

/** The rules on CloudWatch metrics (the sweep reads them; shared/blind-spots decides). */
export const METRICS_RULES = ruleSet([auditSourceSilent]);
