// What each function does with its event, on top of the shared runtime: one file each, so a
// function's bundle holds only its own rules. This index is for tests and tools.
export { runAuditLogs } from "./run-audit-logs.ts";
export { runAuditLogStream } from "./run-audit-log-stream.ts";
export { runCloudTrail } from "./run-cloudtrail.ts";
export { runSweep } from "./run-sweep.ts";
