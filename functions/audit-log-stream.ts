// Lambda: the central Kinesis log stream (members' audit logs) → EKS audit rules → dedup → sinks.
import { createHandler } from "./lambda/handler.ts";
import { runAuditLogStream } from "./lambda/run-audit-log-stream.ts";

export const handler = createHandler("audit-log-stream", runAuditLogStream);
