// The audit-logs function: CloudWatch Logs subscription payloads (EKS audit logs, and CloudTrail
// records of a trail that logs to CloudWatch Logs) through the rules.
import { auditPrefiltersFor } from "../../shared/prefilter/index.ts";
import { ALL_RULES } from "../../shared/rules/index.ts";
import { decodeCloudWatchLogsEvent } from "../../shared/sources/index.ts";
import { processBatch, type BatchSummary, type Runtime } from "./batch.ts";
import { placementDefaults, type Run, type RunContext } from "./handler.ts";

type Prefilters = ReturnType<typeof auditPrefiltersFor>;
const prefilters = new WeakMap<Runtime, Prefilters>();
function prefiltersOf(rt: Runtime): Prefilters {
  let f = prefilters.get(rt);
  if (!f) prefilters.set(rt, (f = auditPrefiltersFor(rt.rules.rules, rt.config)));
  return f;
}

/**
 * One subscription payload ({awslogs:{data}} or decoded) through the rules: the direct
 * subscription's whole event, or one record of the central log stream (run-audit-log-stream.ts).
 */
export function processSubscription(event: unknown, rt: Runtime, ctx: RunContext, origin?: string): Promise<BatchSummary> {
  const decoded = decodeCloudWatchLogsEvent(event, { defaults: placementDefaults(ctx), ...prefiltersOf(rt), ...(origin ? { origin } : {}) });
  if (decoded.skipped > 0 || decoded.filtered > 0) rt.logger.debug("records passed over", { skipped: decoded.skipped, filtered: decoded.filtered });
  return processBatch(rt, decoded, ctx);
}

/** CloudWatch Logs subscription ({awslogs:{data}}) carrying EKS audit log events. */
export const runAuditLogs: Run<unknown> = {
  // Every rule: a trail that logs to CloudWatch Logs sends CloudTrail records this way too.
  rules: ALL_RULES,
  handle: (event, rt, ctx) => processSubscription(event, rt, ctx),
};
