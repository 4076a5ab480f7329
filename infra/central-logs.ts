// The central stage's log intake. Member accounts' subscription filters (infra/member.ts) send
// to a CloudWatch Logs destination — one per region, as a destination only serves log groups of
// its own region — and every destination writes into one Kinesis stream in the central region
// (a destination may target a stream in another region), read by the audit-log-stream function
// through an event source mapping. Kinesis is what scales this path out: shards (or on-demand)
// per the README's sizing from `npm run bench`.
import { type Deps, dedupEnvironment, policyInputs } from "./context.ts";
import { auditorFunction } from "./functions.ts";
import { logDeliveryCondition, memberGrant } from "./members-policy.ts";
import { auditLogStreamPolicy } from "./permissions.ts";
import { STREAM_MAPPING, STREAM_RETENTION_HOURS } from "./stream-mapping.ts";


export function centralLogs(d: Deps) {
  const members = d.config.members!;
  const name = d.config.intakeName;
  const shards = members.streamShards;
  const stream = new aws.kinesis.Stream("LogStream", {
    name: `${name}-logs`,
    retentionPeriod: STREAM_RETENTION_HOURS,
    encryptionType: "KMS",
    kmsKeyId: "alias/aws/kinesis",
    ...(shards === "on-demand" ? { streamModeDetails: { streamMode: "ON_DEMAND" } } : { shardCount: shards, streamModeDetails: { streamMode: "PROVISIONED" } }),
  });

  // Empty: the central region only (the deploy region, the default provider).
  const regions: Array<string | null> = members.regions.length ? members.regions : [null];
  const deliveryRole = new aws.iam.Role("LogDestinationRole", {
    description: `cni-auditor ${$app.stage}: CloudWatch Logs writes the members' audit logs into the log stream`,
    assumeRolePolicy: $util.all([d.where.partition, d.where.account, d.where.region]).apply(([partition, account, home]) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "logs.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: logDeliveryCondition(members, partition, account, regions.map((r) => r ?? home)),
          },
        ],
      }),
    ),
    inlinePolicies: [
      { name: "put-records", policy: $jsonStringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kinesis:PutRecord", Resource: stream.arn }] }) },
    ],
  });

  const destinations = regions.map((region) => {
    const suffix = region ?? "home";
    const provider = region ? new aws.Provider(`Aws-${region}`, { region: region as aws.Region }) : undefined;
    const destination = new aws.cloudwatch.LogDestination(
      `LogDestination-${suffix}`,
      { name, roleArn: deliveryRole.arn, targetArn: stream.arn },
      provider ? { provider } : {},
    );
    const policy = new aws.cloudwatch.LogDestinationPolicy(
      `LogDestinationPolicy-${suffix}`,
      {
        destinationName: destination.name,
        accessPolicy: $util.all([destination.arn, d.where.partition]).apply(([arn, partition]) =>
          JSON.stringify({
            Version: "2012-10-17",
            // PutSubscriptionFilter for per-group filters, PutAccountPolicy for an account-level one.
            Statement: [{ Sid: "MembersSubscribe", Effect: "Allow", Action: ["logs:PutSubscriptionFilter", "logs:PutAccountPolicy"], Resource: arn, ...memberGrant(members, partition) }],
          }),
        ),
      },
      provider ? { provider } : {},
    );
    return { region, destination, policy };
  });

  // Up to 100 payloads of up to 1 MB each per batch: 1 GB and 5 minutes leave room for gunzip,
  // the rules and the store's round trips of a full batch (the handler stops early if short).
  const auditLogStream = auditorFunction(
    "AuditLogStream",
    {
      handler: "functions/audit-log-stream.handler",
      description: "cni-auditor: members' EKS audit logs via the central log stream → rules → alerts",
      memory: "1024 MB",
      timeout: "300 seconds",
      environment: dedupEnvironment(d),
      policy: auditLogStreamPolicy({ ...policyInputs(d), logStream: stream.arn }),
      onFailure: d.failed,
    },
    d.config,
  );
  const mapping = new aws.lambda.EventSourceMapping("AuditLogStreamMapping", {
    eventSourceArn: stream.arn,
    functionName: auditLogStream.arn,
    ...STREAM_MAPPING,
    functionResponseTypes: [...STREAM_MAPPING.functionResponseTypes],
    destinationConfig: { onFailure: { destinationArn: d.failed.arn } },
  });

  return { stream, deliveryRole, destinations, auditLogStream, mapping };
}
