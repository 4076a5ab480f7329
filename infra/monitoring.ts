// Watching the auditor itself: a broken auditor must not be silent. Alarms go to the
// alert topic (their messages have CloudWatch's alarm shape, not the Alert JSON).
import type { Deps } from "./context.ts";

/** Five-minute periods, one datapoint: the first error/throttle/dead letter is reported. */
const PERIOD = 300;

export interface WatchedSubscription {
  cluster: string;
  logGroup: string;
  filter: aws.cloudwatch.LogSubscriptionFilter;
}

export function monitoring(d: Deps, functions: Record<string, sst.aws.Function>, subscriptions: WatchedSubscription[]) {
  const actions = [d.alerts.topic.arn];
  const alarm = (name: string, args: Omit<aws.cloudwatch.MetricAlarmArgs, "alarmActions" | "okActions" | "evaluationPeriods" | "period" | "comparisonOperator" | "threshold" | "treatMissingData">) =>
    new aws.cloudwatch.MetricAlarm(name, {
      ...args,
      period: PERIOD,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
      alarmActions: actions,
      okActions: actions,
    });

  const alarms = Object.entries(functions).flatMap(([name, fn]) =>
    (["Errors", "Throttles"] as const).map((metric) =>
      alarm(`${name}${metric}Alarm`, {
        alarmDescription: `cni-auditor ${$app.stage}: ${name} ${metric.toLowerCase()} (see its log group)`,
        namespace: "AWS/Lambda",
        metricName: metric,
        dimensions: { FunctionName: fn.name },
        statistic: "Sum",
      }),
    ),
  );
  alarms.push(
    alarm("FailedEventsAlarm", {
      alarmDescription: `cni-auditor ${$app.stage}: events could not be processed; inspect and redrive the FailedEvents queue`,
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: d.failed.name },
      statistic: "Maximum",
    }),
  );
  // CloudWatch Logs disables a subscription for minutes on non-retryable delivery errors
  // and skips the logs meanwhile: that must not go unnoticed.
  for (const sub of subscriptions) {
    alarms.push(
      alarm(`AuditLogsDeliveryErrorsAlarm-${sub.cluster}`, {
        alarmDescription: `cni-auditor ${$app.stage}: audit logs of ${sub.cluster} could not be delivered to the function (logs are skipped while this lasts)`,
        namespace: "AWS/Logs",
        metricName: "DeliveryErrors",
        dimensions: { LogGroupName: sub.logGroup, DestinationType: "Lambda", FilterName: sub.filter.name },
        statistic: "Sum",
      }),
    );
  }
  return { alarms };
}
