// Structured JSON logs and CloudWatch EMF metrics through Powertools for AWS Lambda.

import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { DeliveryLog } from "../../shared/delivery/clock.ts";
import type { Env } from "../../shared/sinks/index.ts";

export interface Observability {
  logger: Logger;
  metrics: Metrics;
}

export const METRIC = {
  EventsRead: "EventsRead",
  Matched: "Matched",
  Rejected: "Rejected",
  AlertsSent: "AlertsSent",
  Suppressed: "Suppressed",
  SinkFailures: "SinkFailures",
  ImplausibleTimes: "ImplausibleTimes",
  RecordsRedelivered: "RecordsRedelivered",
  Silenced: "Silenced",
  SourceAccountsUnreadable: "SourceAccountsUnreadable",
} as const;

export function createObservability(env: Env, functionName: string): Observability {
  const serviceName = env.POWERTOOLS_SERVICE_NAME || "cni-auditor";
  return {
    logger: new Logger({ serviceName, persistentKeys: { handler: functionName } }),
    metrics: new Metrics({ serviceName, namespace: env.POWERTOOLS_METRICS_NAMESPACE || "CniAuditor" }),
  };
}

export function count(metrics: Metrics, name: keyof typeof METRIC, value: number): void {
  metrics.addMetric(METRIC[name], MetricUnit.Count, value);
}

/** Seconds the oldest alert a sink still owes has waited (dimension `sink`): the pending-age alarm's metric. */
export const PENDING_AGE_METRIC = "PendingAlertAgeSeconds";

export function pendingAge(metrics: Metrics, ages: Record<string, number>): void {
  for (const [sink, seconds] of Object.entries(ages)) {
    const one = metrics.singleMetric();
    one.addDimension("sink", sink);
    one.addMetric(PENDING_AGE_METRIC, MetricUnit.Seconds, seconds);
  }
}

/** The delivery log on top of the Powertools logger. */
export function deliveryLog(logger: Logger): DeliveryLog {
  return {
    debug: (m, a) => logger.debug(m, a ?? {}),
    info: (m, a) => logger.info(m, a ?? {}),
    warn: (m, a) => logger.warn(m, a ?? {}),
    error: (m, a) => logger.error(m, a ?? {}),
  };
}
