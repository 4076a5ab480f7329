// The fleet audit's fan-out (shared/fleet/fanout/): the fleet queue the fleet report dispatches a
// large fleet to (one message per account-region), its dead-letter queue, and the fleet-worker
// function that audits each account-region and merges the run into the reports.
import { type Deps, policyInputs, sinkEnvironment } from "./context.ts";
import { auditorFunction } from "./functions.ts";
import { fleetWorkerPolicy } from "./permissions.ts";
import { FLEET_QUEUE, FLEET_WORKER_MAPPING, FLEET_WORKER_TIMEOUT_SECONDS } from "./fleet-fanout-settings.ts";

export function fleetQueue() {
  const dlq = new aws.sqs.Queue("FleetQueueDLQ", { messageRetentionSeconds: FLEET_QUEUE.dlqRetentionSeconds, sqsManagedSseEnabled: true });
  const queue = new aws.sqs.Queue("FleetQueue", {
    visibilityTimeoutSeconds: FLEET_QUEUE.visibilityTimeoutSeconds,
    messageRetentionSeconds: FLEET_QUEUE.retentionSeconds,
    sqsManagedSseEnabled: true,
    redrivePolicy: $jsonStringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: FLEET_QUEUE.maxReceiveCount }),
  });
  return { queue, dlq };
}

/** The worker gets the fleet report's environment (reads, reports, sinks) and the queue. */
export function fleetWorker(d: Deps, queue: aws.sqs.Queue, environment: Record<string, $util.Input<string>>) {
  const worker = auditorFunction(
    "FleetWorker",
    {
      handler: "functions/fleet-worker.handler",
      description: "cni-auditor: one account-region of a fanned-out fleet audit, or its merge into the reports",
      memory: "512 MB",
      timeout: `${FLEET_WORKER_TIMEOUT_SECONDS} seconds`,
      environment: { ...sinkEnvironment(d), ...environment },
      policy: fleetWorkerPolicy({ ...policyInputs(d), fleetQueue: queue.arn }),
      onFailure: d.failed,
    },
    d.config,
  );
  const mapping = new aws.lambda.EventSourceMapping("FleetWorkerMapping", {
    eventSourceArn: queue.arn,
    functionName: worker.arn,
    ...FLEET_WORKER_MAPPING,
    functionResponseTypes: [...FLEET_WORKER_MAPPING.functionResponseTypes],
  });
  return { worker, mapping };
}
