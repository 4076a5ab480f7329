// Lambda: EventBridge CloudTrail events → CloudTrail rules → dedup → Slack/SNS (functions/lambda).
import { createHandler } from "./lambda/handler.ts";
import { runCloudTrail } from "./lambda/run-cloudtrail.ts";

export const handler = createHandler("cloudtrail", runCloudTrail);
