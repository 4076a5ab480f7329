// The fleet-report function on the one handler factory (factory.ts): at cold start the
// settings, the report bucket, the sinks and the table the CNI roles go to; per invocation,
// one scheduled fleet audit (shared/fleet/scheduled/run.ts) with fresh member credentials.
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { readSilences } from "../../shared/store/silence-read.ts";
import { checkRoutes, createNamedSinks } from "../../shared/routing/named-sinks.ts";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { compareAddonVersions } from "../../shared/catalog/index.ts";
import { writeFleetCniRoles } from "../../shared/store/fleet-roles-write.ts";
import { systemClock, type Clock } from "../../shared/delivery/clock.ts";
import { createFleetClients } from "../../shared/fleet/aws-clients.ts";
import { takeFleetSnapshot } from "../../shared/fleet/inventory.ts";
import { s3ReportStore, type ReportStore } from "../../shared/fleet/scheduled/report-store.ts";
import { runScheduledFleetReport } from "../../shared/fleet/scheduled/run.ts";
import { readFleetReportSettings, type FleetReportSettings } from "../../shared/fleet/scheduled/settings.ts";
import { createSinks, type AlertSink, type Env } from "../../shared/sinks/index.ts";
import { lambdaHandler } from "./factory.ts";
import { lazy } from "./lazy.ts";
import { secretsMaxAgeSeconds, ssmSecretReader } from "./secrets.ts";
import { deliveryLog } from "./observability.ts";

/** Time kept back from the invocation's deadline for storing results and logging. */
const DEADLINE_MARGIN_MS = 15_000;

interface Ready {
  settings: FleetReportSettings;
  store: ReportStore;
  sinks: AlertSink[];
  publishCniRoles?: (roles: string[], takenAtMs: number) => Promise<void>;
}

export function createFleetReportHandler(deps: { env?: Env; clock?: Clock } = {}) {
  const env = deps.env ?? process.env;
  const clock = deps.clock ?? systemClock;
  return lambdaHandler<unknown, Ready>("fleet-report", env, {
    init(env, obs) {
      const settings = readFleetReportSettings(env);
      // Endpoints and credentials come from the SDK's own settings (AWS_ENDPOINT_URL_S3, …).
      // Built on first use (lazy.ts): no client configuration at import time.
      const sns = lazy(() => new SNSClient({ maxAttempts: 1, requestHandler: { connectionTimeout: 2000, requestTimeout: 5000 } }));
      const sinkDeps = { sns, slackTimeoutMs: 5000, readSecret: ssmSecretReader(secretsMaxAgeSeconds(env)) };
      const sinks = [...createSinks(settings.sinks, sinkDeps), ...createNamedSinks(settings.namedSinks, sinkDeps)];
      checkRoutes(settings.routes, sinks);
      if (sinks.length === 0) obs.logger.warn("no sinks configured: reports are stored, no summary is sent");
      const table = settings.dedupTable;
      const dynamo = lazy(() => new DynamoDBClient({}));
      return {
        settings,
        store: s3ReportStore(lazy(() => new S3Client({})), settings.bucket),
        sinks,
        ...(table ? { publishCniRoles: (roles: string[], takenAtMs: number) => writeFleetCniRoles(dynamo, table, { roles, takenAtMs }) } : {}),
        ...(table ? { readSilences: () => readSilences(dynamo, table) } : {}),
      };
    },
    async invoke(_event, ready, context, obs) {
      const { settings } = ready;
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
