// The whole auditor for one account and region: called from sst.config.ts run().
import { alerts } from "./alerts.ts";
import type { InfraConfig } from "./config.ts";
import { failedEventsQueue } from "./dlq.ts";
import { ingest } from "./ingest.ts";
import { monitoring } from "./monitoring.ts";
import { pendingAlarms } from "./pending-alarm.ts";
import { report } from "./report.ts";
import { storage } from "./storage.ts";

export function deployAuditor(config: InfraConfig) {
  const where = {
    account: aws.getCallerIdentityOutput({}).accountId,
    partition: aws.getPartitionOutput({}).partition,
    region: aws.getRegionOutput({}).region,
  };
  const deps = { config, where, storage: storage(config), alerts: alerts(config, where), failed: failedEventsQueue() };
  const events = ingest(deps);
  const scheduled = report(deps);
  monitoring(deps, {
    AuditLogs: events.auditLogs,
    CloudTrail: events.cloudTrail,
    FleetReport: scheduled.fleetReport,
    Sweep: scheduled.sweep,
  }, events.subscriptions);
  pendingAlarms(deps);
  return {
    alertTopic: deps.alerts.topic.arn,
    dedupTable: deps.storage.table.name,
    reportBucket: deps.storage.reports.name,
    failedEventsQueue: deps.failed.url,
    // Member accounts' fleet role must trust this role (README, "Deploy").
    fleetReportRole: scheduled.fleetReport.nodes.role.arn,
    auditLogsFunction: events.auditLogs.arn,
    clusters: config.clusters.join(",") || "(none: set clusters in infra/config.ts)",
    filterPattern: events.filterPattern ?? "(no audit rule enabled)",
  };
}
