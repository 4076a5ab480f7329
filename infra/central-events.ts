// The central stage's event intake: a bus the member accounts' forwarding rules (infra/member.ts)
// put their CloudTrail events on, a bus policy admitting only the members, and on it the same
// generated rules as on the default bus, targeting the same CloudTrail queue.
import type { Deps } from "./context.ts";
import { cloudTrailRules } from "./ingest.ts";
import { memberGrant } from "./members-policy.ts";
import type { GeneratedEventRule } from "../shared/triggers/event-patterns.ts";

export function centralEvents(d: Deps, queue: aws.sqs.Queue, generated: readonly GeneratedEventRule[]) {
  const members = d.config.members!;
  const bus = new aws.cloudwatch.EventBus("CentralBus", { name: d.config.intakeName });
  const policy = new aws.cloudwatch.EventBusPolicy("CentralBusPolicy", {
    eventBusName: bus.name,
    policy: $util.all([bus.arn, d.where.partition]).apply(([arn, partition]) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Sid: "MembersPutEvents", Effect: "Allow", Action: "events:PutEvents", Resource: arn, ...memberGrant(members, partition) }],
      }),
    ),
  });
  // Forwarded events keep their source and detail-type, so the default bus's patterns match
  // them here; the read-only state is kept (valid on a bus no AWS service writes to).
  const rules = cloudTrailRules(d, queue, generated, { prefix: "CentralCloudTrail", bus });
  return { bus, policy, rules };
}
