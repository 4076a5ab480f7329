// Lambda: EventBridge CloudTrail events → CloudTrail rules → dedup → Slack/SNS (shared/runtime).
import { createHandler } from "../shared/runtime/handler.ts";
import { runCloudTrail } from "../shared/runtime/run-cloudtrail.ts";

export const handler = createHandler("cloudtrail", runCloudTrail);
