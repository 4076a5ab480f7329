// The queue between the CloudTrail EventBridge rules and the cloudtrail function: a storm of
// CloudTrail events becomes a few batches (one invocation and one store write per key each),
// not one invocation and one hot write per event. The function returns only the records whose
// findings it could not store (ReportBatchItemFailures, functions/lambda/sqs-batch.ts); after
// maxReceives a record moves to the dead-letter queue, where the alarm (monitoring.ts) fires.

import { CLOUDTRAIL_QUEUE } from "./cloudtrail-queue-settings.ts";

export function cloudTrailQueue(failed: aws.sqs.Queue) {
  return new aws.sqs.Queue("CloudTrailEvents", {
    // Explicit `cni-auditor-<stage>-…` names: auditor-tampered tells the auditor's own resources by them.
    name: `cni-auditor-${$app.stage}-cloudtrail-events`,
    visibilityTimeoutSeconds: CLOUDTRAIL_QUEUE.visibilityTimeoutSeconds,
    messageRetentionSeconds: CLOUDTRAIL_QUEUE.messageRetentionSeconds,
    // SSE-SQS: EventBridge can deliver to it (unlike SSE-KMS with the AWS managed key).
    sqsManagedSseEnabled: true,
    redrivePolicy: $jsonStringify({ deadLetterTargetArn: failed.arn, maxReceiveCount: CLOUDTRAIL_QUEUE.maxReceives }),
  });
}

/** Only the auditor's own rules may send to the queue. */
export function allowEventRulesToQueue(queue: aws.sqs.Queue, ruleArns: $util.Output<string>[]) {
  if (ruleArns.length === 0) return undefined;
  return new aws.sqs.QueuePolicy("CloudTrailEventsFromEventRules", {
    queueUrl: queue.url,
    policy: $jsonStringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "EventRulesSend",
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

export function cloudTrailQueueMapping(queue: aws.sqs.Queue, fn: sst.aws.Function) {
  return new aws.lambda.EventSourceMapping("CloudTrailEventsMapping", {
    eventSourceArn: queue.arn,
    functionName: fn.name,
    batchSize: CLOUDTRAIL_QUEUE.batchSize,
    maximumBatchingWindowInSeconds: CLOUDTRAIL_QUEUE.maximumBatchingWindowInSeconds,
    functionResponseTypes: ["ReportBatchItemFailures"],
    scalingConfig: { maximumConcurrency: CLOUDTRAIL_QUEUE.maximumConcurrency },
  });
}
