// Scheduled work: the fleet audit (daily by default) and the window-update sweep.
import { type Deps, dedupEnvironment, policyInputs, sinkEnvironment } from "./context.ts";
import { auditorFunction } from "./functions.ts";
import { fleetQueue, fleetWorker } from "./fleet-fanout.ts";
import { fleetReportPolicy, sweepPolicy } from "./permissions.ts";

/** Scheduler retries an invocation it could not make, then writes it to the DLQ. */
export const SCHEDULE_RETRIES = 2;

/** Central stages read audit-source-silent's metrics in the member accounts (the fleet's). */
function sourceAccounts(d: Deps): string[] {
  return d.config.mode === "central" ? d.config.fleet.accounts : [];
}

/** Where the sweep reads IncomingLogEvents (functions/lambda/settings.ts): the fleet's regions. */
function sourceActivityEnvironment(d: Deps): Record<string, $util.Input<string>> {
  const accounts = sourceAccounts(d);
  return {
    SOURCE_ACTIVITY_REGIONS: d.config.fleet.regions.length ? d.config.fleet.regions.join(",") : d.where.region,
    ...(accounts.length ? { SOURCE_ACTIVITY_ACCOUNTS: accounts.join(","), SOURCE_ACTIVITY_ROLE_NAME: d.config.fleet.roleName } : {}),
  };
}

export function report(d: Deps) {
  const above = d.config.fleet.fanoutAbove;
  // Large fleets fan out over a queue, one fleet-worker per account-region (fleet-fanout.ts).
  const fanout = above === null ? null : fleetQueue();
  const fleetEnvironment = {
    REPORT_BUCKET: d.storage.reports.name,
    // Where the CNI roles of the fleet are left for the CloudTrail function (attribution), and
    // where a fanned-out run keeps its state.
    DEDUP_TABLE: d.storage.table.name,
    ...(d.config.fleet.regions.length ? { FLEET_REGIONS: d.config.fleet.regions.join(",") } : {}),
    ...(d.config.fleet.accounts.length ? { FLEET_ACCOUNTS: d.config.fleet.accounts.join(",") } : {}),
    FLEET_ROLE_NAME: d.config.fleet.roleName,
    ...(fanout ? { FLEET_QUEUE_URL: fanout.queue.url, FLEET_FANOUT_ABOVE: String(above) } : {}),
    // Named sinks and routes: the summary is routed like any alert (rule fleet/summary).
    AUDITOR_CONFIG: dedupEnvironment(d).AUDITOR_CONFIG!,
  };
  // Many EKS reads across accounts/regions, throttled by a limiter, plus report rendering:
  // 512 MB and 10 minutes leave room for a few hundred clusters (larger fleets fan out).
  const fleetReport = auditorFunction(
    "FleetReport",
    {
      handler: "functions/fleet-report.handler",
      description: "cni-auditor: scheduled fleet audit → reports in S3 → summary alert",
      memory: "512 MB",
      timeout: "10 minutes",
      environment: { ...sinkEnvironment(d), ...fleetEnvironment },
      policy: fleetReportPolicy({ ...policyInputs(d), ...(fanout ? { fleetQueue: fanout.queue.arn } : {}) }),
      onFailure: d.failed,
    },
    d.config,
  );
  const fleetSchedule = new sst.aws.CronV2("FleetReportSchedule", {
    schedule: d.config.fleet.schedule as `cron(${string})`,
    function: fleetReport,
    retries: SCHEDULE_RETRIES,
    dlq: d.failed.arn,
  });

  // Reads the windows that have closed with unreported events and sends their updates:
  // 256 MB and 60 s for a table of open windows (one item per alert key).
  const sweep = auditorFunction(
    "Sweep",
    {
      handler: "functions/sweep.handler",
      description: "cni-auditor: sends window updates for closed windows",
      memory: "256 MB",
      timeout: "60 seconds",
      environment: { ...dedupEnvironment(d), ...sourceActivityEnvironment(d) },
      policy: sweepPolicy({ ...policyInputs(d), sourceAccounts: sourceAccounts(d) }),
      onFailure: d.failed,
    },
    d.config,
  );
  const sweepSchedule = new sst.aws.CronV2("SweepSchedule", {
    schedule: d.config.sweepSchedule as `rate(${string})`,
    function: sweep,
    retries: SCHEDULE_RETRIES,
    dlq: d.failed.arn,
  });

  const worker = fanout ? fleetWorker(d, fanout.queue, fleetEnvironment) : null;
  return { fleetReport, fleetSchedule, sweep, sweepSchedule, fleetQueue: fanout, fleetWorker: worker };
}
