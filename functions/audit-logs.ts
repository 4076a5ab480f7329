// Lambda: CloudWatch Logs subscription → EKS audit rules → dedup → Slack/SNS (functions/lambda).
import { createHandler } from "./lambda/handler.ts";
import { runAuditLogs } from "./lambda/run-audit-logs.ts";

export const handler = createHandler("audit-logs", runAuditLogs);
