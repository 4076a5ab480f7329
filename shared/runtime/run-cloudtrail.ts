// The cloudtrail function: EventBridge CloudTrail events through the CloudTrail rules.
import { CLOUDTRAIL_RULES } from "../rules/cloudtrail-rules.ts";
import { decodeEventBridgeEvent } from "../sources/index.ts";
import { processBatch } from "./batch.ts";
import { placementDefaults, type Run } from "./handler.ts";

/** EventBridge "AWS API Call via CloudTrail" events. */
export const runCloudTrail: Run<unknown> = {
  rules: CLOUDTRAIL_RULES,
  async handle(event, rt, ctx) {
    return processBatch(rt, decodeEventBridgeEvent(event, { defaults: placementDefaults(ctx) }), ctx);
  },
};
