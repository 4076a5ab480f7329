// The auditor for one account and region, by the stage's mode (infra/modes.ts): called from
// sst.config.ts run(). A member stage only forwards (member.ts); a standalone stage is the whole
// auditor; a central stage is that plus the intake the members forward to (central-*.ts).
import { alerts } from "./alerts.ts";
import { centralEvents } from "./central-events.ts";
import { centralLogs } from "./central-logs.ts";
import type { InfraConfig } from "./config.ts";
import { allowEventRulesToQueue } from "./cloudtrail-queue.ts";
import { allowEventRulesToDeadLetter, failedEventsQueue } from "./dlq.ts";
import { ingest } from "./ingest.ts";
import { deployMember } from "./member.ts";
import { monitoring } from "./monitoring.ts";
import { pendingAlarms } from "./pending-alarm.ts";
import { protectStatefulResources } from "./protection.ts";
import { report } from "./report.ts";
import { storage } from "./storage.ts";

export function deployAuditor(config: InfraConfig) {
  protectStatefulResources(config);
  const where = {
    account: aws.getCallerIdentityOutput({}).accountId,
    partition: aws.getPartitionOutput({}).partition,
    region: aws.getRegionOutput({}).region,
  };
  if (config.mode === "member") return deployMember(config, where);

  const deps = { config, where, storage: storage(config), alerts: alerts(config, where), failed: failedEventsQueue() };
  const events = ingest(deps);
  const central = config.mode === "central" ? { events: centralEvents(deps, events.cloudTrailQueue, events.triggers.eventRules), logs: centralLogs(deps) } : null;
  const ruleArns = [...events.eventRules, ...(central?.events.rules ?? [])].map((r) => r.rule.arn);
  allowEventRulesToQueue(events.cloudTrailQueue, ruleArns);
  allowEventRulesToDeadLetter(deps.failed, ruleArns);
  const scheduled = report(deps);
  monitoring(
    deps,
    {
      AuditLogs: events.auditLogs,
      ...(central ? { AuditLogStream: central.logs.auditLogStream } : {}),
      CloudTrail: events.cloudTrail,
      FleetReport: scheduled.fleetReport,
      ...(scheduled.fleetWorker ? { FleetWorker: scheduled.fleetWorker.worker } : {}),
      Sweep: scheduled.sweep,
    },
    events.subscriptions,
    central?.logs.stream,
  );
  pendingAlarms(deps);
  return {
    mode: config.mode,
    protect: config.protect,
    alertTopic: deps.alerts.topic.arn,
    dedupTable: deps.storage.table.name,
    reportBucket: deps.storage.reports.name,
    failedEventsQueue: deps.failed.url,
    // Member accounts' fleet role must trust this role (README, "Deploy").
    fleetReportRole: scheduled.fleetReport.nodes.role.arn,
    auditLogsFunction: events.auditLogs.arn,
    clusters: config.clusters.join(",") || "(none: set clusters in infra/config.ts)",
    filterPattern: events.filterPattern ?? "(no audit rule enabled)",
    ...(central ? { centralBus: central.events.bus.arn, logStream: central.logs.stream.arn } : {}),
  };
}
