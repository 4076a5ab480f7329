// Lambda: CloudWatch Logs subscription → EKS audit rules → dedup → Slack/SNS (shared/runtime).
import { createHandler } from "../shared/runtime/handler.ts";
import { runAuditLogs } from "../shared/runtime/run-audit-logs.ts";

export const handler = createHandler("audit-logs", runAuditLogs);
