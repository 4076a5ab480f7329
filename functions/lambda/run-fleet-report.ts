// The fleet-report function on the one handler factory (factory.ts): at cold start the
// settings, the report bucket, the sinks and the table the CNI roles go to; per invocation,
// one scheduled fleet audit (shared/fleet/scheduled/run.ts) with fresh member credentials.
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { readSilences } from "../../shared/store/silence-read.ts";
import { checkRoutes, createNamedSinks } from "../../shared/routing/named-sinks.ts";
import { S3Client } from "@aws-sdk/client-s3";
import { compareAddonVersions } from "../../shared/catalog/index.ts";
import { fleetKnowledgePublisher } from "../../shared/store/fleet-roles-write.ts";
import { cninodesDenialsReader } from "../../shared/store/cninodes-denials.ts";
import { systemClock, type Clock } from "../../shared/delivery/clock.ts";
import { createFleetClients } from "../../shared/fleet/aws-clients.ts";
import { fleetTargets, takeFleetSnapshot } from "../../shared/fleet/inventory.ts";
import { SQSClient } from "@aws-sdk/client-sqs";
import { dispatchFleetRun } from "../../shared/fleet/fanout/dispatch.ts";
import { dynamoRunCreator } from "../../shared/fleet/fanout/run-create-dynamo.ts";
import { readFanoutSettings, type FanoutSettings } from "../../shared/fleet/fanout/settings.ts";
import { sqsFanoutQueue } from "../../shared/fleet/fanout/sqs-queue.ts";
import { s3ReportStore, type ReportStore } from "../../shared/fleet/scheduled/report-store.ts";
import { runScheduledFleetReport } from "../../shared/fleet/scheduled/run.ts";
import { readFleetReportSettings, type FleetReportSettings } from "../../shared/fleet/scheduled/settings.ts";
import { createSinks, type AlertSink, type Env } from "../../shared/sinks/index.ts";
import { ConfigError } from "../../shared/errors.ts";
import { lambdaHandler } from "./factory.ts";
import { lazy } from "./lazy.ts";
import { secretsMaxAgeSeconds, ssmSecretReader } from "./secrets.ts";
import { deliveryLog } from "./observability.ts";

/** Time kept back from the invocation's deadline for storing results and logging. */
const DEADLINE_MARGIN_MS = 15_000;

/** A fan-out run's state is kept a week (the table's TTL), long after its merge. */
const RUN_TTL_MS = 7 * 24 * 3600_000;

interface Ready {
  settings: FleetReportSettings;
  /** Set when the stage has a fleet queue: large fleets fan out (shared/fleet/fanout/). */
  fanout: (FanoutSettings & { sqs: SQSClient }) | null;
  store: ReportStore;
  sinks: AlertSink[];
  publishCniRoles?: ReturnType<typeof fleetKnowledgePublisher>;
  addCninodesDenials?: ReturnType<typeof cninodesDenialsReader>;
}

export function createFleetReportHandler(deps: { env?: Env; clock?: Clock } = {}) {
  const env = deps.env ?? process.env;
  const clock = deps.clock ?? systemClock;
  return lambdaHandler<unknown, Ready>("fleet-report", env, {
    init(env, obs) {
      const settings = readFleetReportSettings(env);
      // Endpoints and credentials come from the SDK's own settings (AWS_ENDPOINT_URL_S3, …).
      // Built on first use (lazy.ts): no client configuration at import time.
      // The SNS client and its code load on the first alert sent (the bundle budget, scripts/build.mjs).
      const sns = () => import("@aws-sdk/client-sns").then((m) => new m.SNSClient({ maxAttempts: 1, requestHandler: { connectionTimeout: 2000, requestTimeout: 5000 } }));
      const sinkDeps = { sns, slackTimeoutMs: 5000, readSecret: ssmSecretReader(secretsMaxAgeSeconds(env)) };
      const sinks = [...createSinks(settings.sinks, sinkDeps), ...createNamedSinks(settings.namedSinks, sinkDeps)];
      checkRoutes(settings.routes, sinks);
      if (sinks.length === 0) obs.logger.warn("no sinks configured: reports are stored, no summary is sent");
      const table = settings.dedupTable;
      const dynamo = lazy(() => new DynamoDBClient({}));
      const fanout = readFanoutSettings(env);
      if (fanout && !table) throw new ConfigError("FLEET_QUEUE_URL needs DEDUP_TABLE (the fan-out runs' state)");
      return {
        settings,
        fanout: fanout ? { ...fanout, sqs: lazy(() => new SQSClient({})) } : null,
        store: s3ReportStore(lazy(() => new S3Client({})), settings.bucket),
        sinks,
        ...(table ? { publishCniRoles: fleetKnowledgePublisher(dynamo, table) } : {}),
        ...(table ? { readSilences: () => readSilences(dynamo, table) } : {}),
        // What the auditor recorded of the controller's cninodes 403s (fleet/cninodes-rbac-gap).
        ...(table ? { addCninodesDenials: cninodesDenialsReader(dynamo, table) } : {}),
      };
    },
    async invoke(_event, ready, context, obs) {
      const { settings, fanout } = ready;
      const partitions = fleetTargets(settings.regions, settings.accounts).length;
      if (fanout && settings.dedupTable && partitions > fanout.above) {
        // A large fleet: one queue message per account-region; the fleet-worker function audits
        // them and its merge step writes the reports and sends the summary.
        const now = clock.now();
        const runId = `${new Date(now).toISOString().replace(/[:.]/g, "-")}-${context.awsRequestId.replace(/[^0-9A-Za-z]/g, "").slice(0, 12)}`;
        const out = await dispatchFleetRun({
          runId,
          takenAt: new Date(now).toISOString(),
          scope: { regions: settings.regions, accounts: settings.accounts, roleName: settings.roleName },
          runs: dynamoRunCreator(lazy(() => new DynamoDBClient({})), settings.dedupTable),
          queue: sqsFanoutQueue(fanout.sqs, fanout.queueUrl),
          deadlineSeconds: fanout.deadlineSeconds,
          expiresAtMs: now + RUN_TTL_MS,
        });
        obs.logger.info("fleet run fanned out", { runId, partitions: out.partitions, above: fanout.above });
        return { fannedOut: true, runId, partitions: out.partitions };
      }
      // New clients per run: member-account credentials are assumed fresh every time.
      // EKS reads throttle per account: 6 attempts unless AWS_MAX_ATTEMPTS says otherwise.
      const fleet = createFleetClients({ roleName: settings.roleName, ...(env.AWS_MAX_ATTEMPTS ? {} : { maxAttempts: 6 }) });
      try {
        const result = await runScheduledFleetReport({
          ...ready,
          clock,
          log: deliveryLog(obs.logger),
          deadlineMs: clock.now() + context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS,
          takeSnapshot: (takenAt) =>
            takeFleetSnapshot({
              regions: settings.regions,
              accounts: settings.accounts,
              roleName: settings.roleName,
              takenAt,
              eksClient: fleet.eksClient,
              iamClient: fleet.iamClient,
              ...(fleet.readsLogs ? { logsClient: fleet.logsClient } : {}),
              compareVersions: compareAddonVersions,
              onProgress: (e) => {
                if (e.type === "cluster" && !e.ok) obs.logger.warn("cluster not read", { ...e.target, cluster: e.cluster, error: e.error });
              },
            }),
        });
        obs.metrics.addMetric("FleetClusters", MetricUnit.Count, result.clusters);
        obs.metrics.addMetric("FleetFindings", MetricUnit.Count, result.findings);
        obs.metrics.addMetric("FleetUnreadable", MetricUnit.Count, result.unreadable);
        obs.logger.info("fleet report done", { ...result });
        return result;
      } finally {
        fleet.destroy();
      }
    },
    failure: "fleet report failed; the scheduler will retry",
  });
}
