// Lambda (scheduled): fleet audit → reports in S3 (dated folder and latest/) → one summary
// alert through the same sinks as the event alerts (shared/fleet/scheduled/run.ts).
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { compareAddonVersions } from "../shared/catalog/index.ts";
import { systemClock, type Clock } from "../shared/delivery/clock.ts";
import { writeFleetCniRoles } from "../shared/store/fleet-roles-write.ts";
import { ConfigError } from "../shared/errors.ts";
import { createFleetClients } from "../shared/fleet/aws-clients.ts";
import { takeFleetSnapshot } from "../shared/fleet/inventory.ts";
import { s3ReportStore, type ReportStore } from "../shared/fleet/scheduled/report-store.ts";
import { runScheduledFleetReport } from "../shared/fleet/scheduled/run.ts";
import { readFleetReportSettings, type FleetReportSettings } from "../shared/fleet/scheduled/settings.ts";
import { lazy } from "../shared/runtime/lazy.ts";
import { createObservability, deliveryLog } from "../shared/runtime/observability.ts";
import { createSinks, type AlertSink, type Env } from "../shared/sinks/index.ts";

/** Time kept back from the invocation's deadline for storing results and logging. */
const DEADLINE_MARGIN_MS = 15_000;

export function createFleetReportHandler(deps: { env?: Env; clock?: Clock } = {}) {
  const env = deps.env ?? process.env;
  const clock = deps.clock ?? systemClock;
  const obs = createObservability(env, "fleet-report");
  let ready:
    | { settings: FleetReportSettings; store: ReportStore; sinks: AlertSink[]; publishCniRoles?: (roles: string[], takenAtMs: number) => Promise<void> }
    | undefined;
  let initError: unknown;
  try {
    const settings = readFleetReportSettings(env);
    // Endpoints and credentials come from the SDK's own settings (AWS_ENDPOINT_URL_S3, …).
    // Built on first use (shared/runtime/lazy.ts): no client configuration at import time.
    const sns = lazy(() => new SNSClient({ maxAttempts: 1, requestHandler: { connectionTimeout: 2000, requestTimeout: 5000 } }));
    const sinks = createSinks(settings.sinks, { sns, slackTimeoutMs: 5000 });
    if (sinks.length === 0) obs.logger.warn("no sinks configured: reports are stored, no summary is sent");
    const table = settings.dedupTable;
    const dynamo = lazy(() => new DynamoDBClient({}));
    ready = {
      settings,
      store: s3ReportStore(lazy(() => new S3Client({})), settings.bucket),
      sinks,
      ...(table ? { publishCniRoles: (roles: string[], takenAtMs: number) => writeFleetCniRoles(dynamo, table, { roles, takenAtMs }) } : {}),
    };
  } catch (e) {
    initError = e;
    obs.logger.error("invalid configuration; every invocation will fail until it is fixed", {
      error: e instanceof ConfigError ? e.message : String((e as Error)?.name ?? e),
    });
  }

  const core = async (_event: unknown, context: Context) => {
    if (!ready) throw initError;
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
    } catch (e) {
      obs.logger.error("fleet report failed; the scheduler will retry", { error: `${(e as Error).name}: ${(e as Error).message}` });
      throw e;
    } finally {
      fleet.destroy();
    }
  };

  return middy(core)
    .use(injectLambdaContext(obs.logger, { resetKeys: true }))
    .use(logMetrics(obs.metrics, { captureColdStartMetric: true }));
}

export const handler = createFleetReportHandler();
