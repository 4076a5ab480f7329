// A sink that has failed for over an hour must not go unnoticed (issue 15): the sweep reports,
// per sink, how long the oldest alert it still owes has waited (`PendingAlertAgeSeconds`,
// functions/lambda/observability.ts); an alarm per sink fires past an hour, to the alert topic
// (SNS: a dead Slack is paged through it; a dead SNS still shows on the alarm's console).
import type { Deps } from "./context.ts";

export const PENDING_AGE_LIMIT_SECONDS = 3600;
/** The sinks the functions may have (shared/sinks/index.ts names them). */
export const SINK_NAMES = ["slack", "sns"] as const;

export function pendingAlarms(d: Deps) {
  const actions = [d.alerts.topic.arn];
  return SINK_NAMES.map(
    (sink) =>
      new aws.cloudwatch.MetricAlarm(`PendingAlertAge-${sink}`, {
        alarmDescription: `cni-auditor ${$app.stage}: alerts for ${sink} have been pending over an hour (the sink keeps failing; see the Sweep log group)`,
        namespace: "CniAuditor",
        metricName: "PendingAlertAgeSeconds",
        dimensions: { service: "cni-auditor", sink },
        statistic: "Maximum",
        period: 600,
        evaluationPeriods: 1,
        threshold: PENDING_AGE_LIMIT_SECONDS,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        alarmActions: actions,
        okActions: actions,
      }),
  );
}
