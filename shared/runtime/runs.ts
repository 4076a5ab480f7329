// What each handler does with its event, on top of the shared runtime.

import { DeliveryIncompleteError } from "../delivery/index.ts";
import { auditPrefilterFor, type AuditMessageFilter } from "../prefilter/index.ts";
import { RULES } from "../rules/index.ts";
import { decodeCloudWatchLogsEvent, decodeEventBridgeEvent } from "../sources/index.ts";
import type { Placement } from "../types.ts";
import { deliverWithin, processBatch, type Runtime } from "./batch.ts";
import type { Run, RunContext } from "./handler.ts";

const defaults = (ctx: RunContext): Placement => ({ cluster: null, account: ctx.account, region: ctx.settings.region });

const prefilters = new WeakMap<Runtime, AuditMessageFilter>();
function prefilter(rt: Runtime): AuditMessageFilter {
  let f = prefilters.get(rt);
  if (!f) prefilters.set(rt, (f = auditPrefilterFor(RULES, rt.config)));
  return f;
}

/** CloudWatch Logs subscription ({awslogs:{data}}) carrying EKS audit log events. */
export const runAuditLogs: Run<unknown> = async (event, rt, ctx) => {
  const decoded = decodeCloudWatchLogsEvent(event, { defaults: defaults(ctx), keepAuditMessage: prefilter(rt) });
  if (decoded.skipped > 0 || decoded.filtered > 0) rt.logger.debug("records passed over", { skipped: decoded.skipped, filtered: decoded.filtered });
  return processBatch(rt, decoded, ctx);
};

/** EventBridge "AWS API Call via CloudTrail" events. */
export const runCloudTrail: Run<unknown> = async (event, rt, ctx) => {
  return processBatch(rt, decodeEventBridgeEvent(event, { defaults: defaults(ctx) }), ctx);
};

/** Scheduled: report every window that still owes something (closed with unsent counts, or never sent). */
export const runSweep: Run<unknown> = async (_event, rt, ctx) => {
  const now = rt.clock.now();
  const due = await rt.store.pending(now);
  const report = await deliverWithin(rt, ctx, due, now);
  rt.logger.info("sweep done", { owed: due.length, alertsSent: report.sent.length, heldElsewhere: report.skipped });
  if (report.failures.length > 0) throw new DeliveryIncompleteError(report.failures);
  return { owed: due.length, alertsSent: report.sent.length };
};
