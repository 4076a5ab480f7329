// One dead-letter queue for everything that could not be processed: Lambda on-failure
// destinations (after async retries), EventBridge targets and Scheduler schedules that
// could not invoke. Fourteen days (the SQS maximum) to look at and redrive them; an
// alarm (monitoring.ts) fires on the first message.
export function failedEventsQueue() {
  return new aws.sqs.Queue("FailedEvents", {
    name: `cni-auditor-${$app.stage}-failed-events`,
    messageRetentionSeconds: 14 * 24 * 3600,
    // SSE-SQS: EventBridge can deliver to it (unlike SSE-KMS with the AWS managed key).
    sqsManagedSseEnabled: true,
  });
}

/** EventBridge writes a rule's undeliverable events here only if the queue allows that rule. */
export function allowEventRulesToDeadLetter(queue: aws.sqs.Queue, ruleArns: $util.Output<string>[]) {
  if (ruleArns.length === 0) return undefined;
  return new aws.sqs.QueuePolicy("FailedEventsFromEventRules", {
    queueUrl: queue.url,
    policy: $jsonStringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "EventRulesDeadLetter",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: queue.arn,
          Condition: { ArnEquals: { "aws:SourceArn": ruleArns } },
        },
      ],
    }),
  });
}
