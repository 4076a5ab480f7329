// The fleet-worker function (fan-out, shared/fleet/fanout/): the fleet queue's consumer. Each
// message audits one account-region into a partial snapshot, or merges a run's partials into the
// report (the same reports and summary as the single run, shared/fleet/scheduled/run.ts). A
// message that fails goes back to the queue alone (partial batch response); after the queue's
// maxReceiveCount it lands in its dead-letter queue and the run's deadline merge reports that
// partition as not audited.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { SQSBatchResponse } from "aws-lambda";
import { compareAddonVersions } from "../../shared/catalog/index.ts";
import { systemClock, type Clock } from "../../shared/delivery/clock.ts";
import { ConfigError } from "../../shared/errors.ts";
import { createFleetClients } from "../../shared/fleet/aws-clients.ts";
import type { FanoutQueue } from "../../shared/fleet/fanout/dispatch.ts";
import { decodeMessage } from "../../shared/fleet/fanout/messages.ts";
import { auditPartition } from "../../shared/fleet/fanout/partition-audit.ts";
import { dynamoRunStore } from "../../shared/fleet/fanout/run-store-dynamo.ts";
import type { RunStore } from "../../shared/fleet/fanout/run-store.ts";
import { readFanoutSettings } from "../../shared/fleet/fanout/settings.ts";
import { sqsFanoutQueue } from "../../shared/fleet/fanout/sqs-queue.ts";
import { handleFanoutMessage } from "../../shared/fleet/fanout/worker.ts";
import { s3ReportStore, type ReportStore } from "../../shared/fleet/scheduled/report-store.ts";
import { runScheduledFleetReport } from "../../shared/fleet/scheduled/run.ts";
import { readFleetReportSettings, type FleetReportSettings } from "../../shared/fleet/scheduled/settings.ts";
import { createSinks, type AlertSink, type Env } from "../../shared/sinks/index.ts";
import { checkRoutes, createNamedSinks } from "../../shared/routing/named-sinks.ts";
import { readSilences } from "../../shared/store/silence-read.ts";
import { fleetKnowledgePublisher } from "../../shared/store/fleet-roles-write.ts";
import { cninodesDenialsReader } from "../../shared/store/cninodes-denials.ts";
import { lambdaHandler } from "./factory.ts";
import { lazy } from "./lazy.ts";
import { deliveryLog } from "./observability.ts";
import { secretsMaxAgeSeconds, ssmSecretReader } from "./secrets.ts";
import type { SqsEvent } from "./sqs-batch.ts";

/** Time kept back from the invocation's deadline for storing results and logging. */
const DEADLINE_MARGIN_MS = 15_000;
/** A merge holds its run this long before another delivery may take over (the function's timeout). */
const MERGE_LEASE_MS = 10 * 60_000;

interface Ready {
  settings: FleetReportSettings;
  store: ReportStore;
  sinks: AlertSink[];
  runs: RunStore;
  queue: FanoutQueue;
  publishCniRoles: ReturnType<typeof fleetKnowledgePublisher>;
  readSilences: () => ReturnType<typeof readSilences>;
  addCninodesDenials: ReturnType<typeof cninodesDenialsReader>;
}

export function createFleetWorkerHandler(deps: { env?: Env; clock?: Clock } = {}) {
  const env = deps.env ?? process.env;
  const clock = deps.clock ?? systemClock;
  return lambdaHandler<SqsEvent, Ready>("fleet-worker", env, {
    init(env) {
      const settings = readFleetReportSettings(env);
      const fanout = readFanoutSettings(env);
      if (!fanout) throw new ConfigError("FLEET_QUEUE_URL is required (the fleet queue)");
      const table = settings.dedupTable;
      if (!table) throw new ConfigError("DEDUP_TABLE is required (the fleet runs' state)");
      // The SNS client and its code load on the first alert sent (the bundle budget, scripts/build.mjs).
      const sns = () => import("@aws-sdk/client-sns").then((m) => new m.SNSClient({ maxAttempts: 1, requestHandler: { connectionTimeout: 2000, requestTimeout: 5000 } }));
      const dynamo = lazy(() => new DynamoDBClient({}));
      // The merge step sends the fleet summary: to the named sinks and by the routes, as the single run does.
      const sinkDeps = { sns, slackTimeoutMs: 5000, readSecret: ssmSecretReader(secretsMaxAgeSeconds(env)) };
      const sinks = [...createSinks(settings.sinks, sinkDeps), ...createNamedSinks(settings.namedSinks, sinkDeps)];
      checkRoutes(settings.routes, sinks);
      return {
        settings,
        store: s3ReportStore(
          lazy(() => new S3Client({})),
          settings.bucket,
        ),
        sinks,
        runs: dynamoRunStore(dynamo, table),
        queue: sqsFanoutQueue(
          lazy(() => new SQSClient({})),
          fanout.queueUrl,
        ),
        // Everything the event functions learn from the fleet: CNI roles, their permissions, aws-node's Pod Identity.
        publishCniRoles: fleetKnowledgePublisher(dynamo, table),
        readSilences: () => readSilences(dynamo, table),
        // The merge step's report reads the cninodes-forbidden windows as the single run does.
        addCninodesDenials: cninodesDenialsReader(dynamo, table),
      };
    },
    async invoke(event, ready, context, obs): Promise<SQSBatchResponse> {
      const log = deliveryLog(obs.logger);
      const failures: SQSBatchResponse["batchItemFailures"] = [];
      // Fresh member credentials per invocation; EKS calls are retried by each partition's gate.
      const fleet = createFleetClients({ roleName: ready.settings.roleName, eksMaxAttempts: 1 });
      try {
        for (const record of event.Records) {
          let message: ReturnType<typeof decodeMessage>;
          try {
            message = decodeMessage(record.body);
          } catch (e) {
            log.warn("fleet message not understood; dropped", { messageId: record.messageId, error: (e as Error).message });
            continue;
          }
          try {
            const outcome = await handleFanoutMessage(message, {
              runs: ready.runs,
              parts: ready.store,
              queue: ready.queue,
              clock,
              log,
              mergeLeaseMs: MERGE_LEASE_MS,
              auditPartition: async (p, run) => {
                const { snapshot, stats } = await auditPartition(p, run.takenAt, {
                  eksClient: fleet.eksClient,
                  iamClient: fleet.iamClient,
                  ...(fleet.readsLogs ? { logsClient: fleet.logsClient } : {}),
                  compareVersions: compareAddonVersions,
                  roleName: run.scope.roleName,
                  clock,
                });
                log.info("partition calls", { ...p, ...stats });
                return snapshot;
              },
              report: (snapshot) =>
                runScheduledFleetReport({
                  ...ready,
                  clock,
                  log,
                  deadlineMs: clock.now() + context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS,
                  takeSnapshot: async () => snapshot,
                }),
            });
            log.info("fleet message done", { messageId: record.messageId, kind: message.kind, outcome });
          } catch (e) {
            log.error("fleet message failed; back to the queue", {
              messageId: record.messageId,
              kind: message.kind,
              error: `${(e as Error).name}: ${(e as Error).message}`,
            });
            failures.push({ itemIdentifier: record.messageId });
          }
        }
      } finally {
        fleet.destroy();
      }
      return { batchItemFailures: failures };
    },
    failure: "fleet worker failed; the queue redelivers",
  });
}
