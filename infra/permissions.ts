// IAM statements of each Lambda, as data. `calls` are exactly the AWS API actions the
// handler's code makes (test/unit/infra/permissions.test.ts checks them against the SDK
// commands the bundle reaches); `platform` are what Lambda needs on the function's behalf
// (the on-failure destination), what SNS needs to publish to a KMS-encrypted topic, and
// s3:ListBucket so that a missing report reads as NoSuchKey.
// No statement has a `*` action. `join` builds ARNs from parts: `$concat` in infra, plain
// string concatenation in tests, so this file stays free of Pulumi.

import { SINK_NAMES, SINKS, type SinkName, type Statement } from "../shared/sinks/index.ts";

export type { Statement };

export interface FunctionPolicy<A> {
  calls: Statement<A>[];
  platform: Statement<A>[];
}

export interface PolicyInputs<A> {
  partition: A;
  account: A;
  region: A;
  table: A;
  topic: A;
  topicKey: A;
  bucket: A;
  /** The function's own on-failure destination queue. */
  dlq: A;
  fleetRoleName: string;
  /** The queue the cloudtrail function's event source mapping polls (infra/cloudtrail-queue.ts). */
  cloudTrailQueue?: A;
  /** Member accounts the fleet function may assume `fleetRoleName` in (none: no sts:AssumeRole). */
  fleetAccounts: readonly string[];
  /** ARNs of the SSM parameters holding the sinks' secrets, for the sinks that have one configured. */
  secrets: Partial<Record<SinkName, A>>;
  /** Opt-in sinks the deploy turned on (descriptor `optIn`); the others get no IAM. */
  enabledSinks?: readonly SinkName[];
  join: (...parts: Array<string | A>) => A;
  /** Named sinks (settings `sinks`): each one's topic and secret parameter, for its descriptor's IAM. */
  named?: Array<{ type: SinkName; topic: A | null; secretArn: A | null }>;
  /** The central stage's log stream (infra/central.ts), read by the audit-log-stream function. */
  logStream?: A;
  /** The fleet queue (infra/fleet-fanout.ts): the fleet report dispatches to it, the fleet worker reads it. */
  fleetQueue?: A;
  /** Central stages: the member accounts whose `fleetRoleName` the sweep assumes (audit-source-silent). */
  sourceAccounts?: readonly string[];
}

/**
 * DynamoDB calls of the dedup store (shared/store/dynamo-io.ts). The event functions read
 * windows by key; only the sweep lists what is owed, with a Scan (shared/store/dynamo-scan.ts).
 */
export const DEDUP_TABLE_ACTIONS = ["dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"];
export const SWEEP_TABLE_ACTIONS = [...DEDUP_TABLE_ACTIONS, "dynamodb:Scan"].sort();

/** Read-only EKS calls of the fleet inventory (shared/fleet/inventory*.ts). */
export const FLEET_EKS_ACTIONS = {
  /** No resource-level permissions exist for these (Service Authorization Reference). */
  unscoped: ["eks:DescribeAddonVersions", "eks:DescribeClusterVersions", "eks:ListClusters"],
  cluster: ["eks:DescribeCluster", "eks:ListAddons", "eks:ListInsights", "eks:ListNodegroups", "eks:ListPodIdentityAssociations"],
  addon: ["eks:DescribeAddon"],
  nodegroup: ["eks:DescribeNodegroup"],
  podIdentityAssociation: ["eks:DescribePodIdentityAssociation"],
};

/** The sweep's audit-source-silent reads (functions/lambda/source-activity.ts): read-only. */
export const SOURCE_ACTIVITY_ACTIONS = { logs: ["logs:DescribeLogGroups"], metrics: ["cloudwatch:GetMetricData"] };

/**
 * The fleet's IAM call (shared/fleet/permissions/simulate.ts): it simulates the CNI's roles and
 * can change nothing. On `role/*` of the account: node roles are the CNI's fallback role.
 */
export const FLEET_IAM_ACTIONS = ["iam:SimulatePrincipalPolicy"];

/** What every configured sink needs (shared/sinks/*-descriptor.ts), for this stack's resources. */
function sinkStatements<A>(p: PolicyInputs<A>): { calls: Statement<A>[]; platform: Statement<A>[] } {
  const out = { calls: [] as Statement<A>[], platform: [] as Statement<A>[] };
  for (const name of SINK_NAMES) {
    const d = SINKS[name];
    if (d.optIn && !p.enabledSinks?.includes(name)) continue;
    const needs = d.iam({ ...p, secretArn: p.secrets[name] ?? null });
    out.calls.push(...needs.calls);
    out.platform.push(...needs.platform);
  }
  for (const n of p.named ?? []) {
    const needs = SINKS[n.type].iam({ ...p, topic: n.topic ?? p.topic, secretArn: n.secretArn });
    out.calls.push(...needs.calls);
    out.platform.push(...needs.platform);
  }
  return out;
}

function onFailure<A>(p: PolicyInputs<A>): Statement<A> {
  return { actions: ["sqs:SendMessage"], resources: [p.dlq] };
}

function dedupFunction(tableActions: string[]) {
  return <A>(p: PolicyInputs<A>): FunctionPolicy<A> => {
    const sinks = sinkStatements(p);
    return {
      calls: [{ actions: tableActions, resources: [p.table] }, ...sinks.calls],
      platform: [...sinks.platform, onFailure(p)],
    };
  };
}

export const auditLogsPolicy = dedupFunction(DEDUP_TABLE_ACTIONS);

/**
 * What Lambda's event source mapping calls on the function's behalf to read the stream (the
 * actions of AWSLambdaKinesisExecutionRole that take a stream, on this one stream only).
 */
export const KINESIS_READ_ACTIONS = ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"];

export function auditLogStreamPolicy<A>(p: PolicyInputs<A>): FunctionPolicy<A> {
  if (p.logStream === undefined) throw new Error("auditLogStreamPolicy needs the log stream");
  const base = auditLogsPolicy(p);
  return { calls: base.calls, platform: [...base.platform, { actions: KINESIS_READ_ACTIONS, resources: [p.logStream] }] };
}

/** The event source mapping polls the queue with the function's role (Lambda's SQS permissions). */
export const SQS_MAPPING_ACTIONS = ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"];

export function cloudTrailPolicy<A>(p: PolicyInputs<A>): FunctionPolicy<A> {
  const base = dedupFunction(DEDUP_TABLE_ACTIONS)(p);
  const queue = p.cloudTrailQueue ? [{ actions: SQS_MAPPING_ACTIONS, resources: [p.cloudTrailQueue] }] : [];
  return { calls: [...base.calls, coverageStatement(p)], platform: [...base.platform, ...queue] };
}

/** Coverage (functions/lambda/coverage.ts): subscribing new EKS control-plane log groups, and only those. */
export function coverageStatement<A>(p: PolicyInputs<A>): Statement<A> {
  const group = p.join("arn:", p.partition, ":logs:", p.region, ":", p.account, ":log-group:/aws/eks/*/cluster");
  return { actions: ["logs:PutSubscriptionFilter"], resources: [group, p.join(group, ":*")] };
}

/** The member role ARNs of `accounts`: the only roles a function may assume. */
function memberRoles<A>(p: PolicyInputs<A>, accounts: readonly string[]): Statement<A>[] {
  return accounts.length ? [{ actions: ["sts:AssumeRole"], resources: accounts.map((a) => p.join("arn:", p.partition, ":iam::", a, ":role/", p.fleetRoleName)) }] : [];
}

/**
 * The sweep: the table (with its Scan) and the sinks, plus audit-source-silent's reads: its own
 * account's EKS log groups and their IncomingLogEvents, and in a central stage the member role.
 */
export function sweepPolicy<A>(p: PolicyInputs<A>): FunctionPolicy<A> {
  const base = dedupFunction(SWEEP_TABLE_ACTIONS)(p);
  // DescribeLogGroups is a list call: IAM authorizes it on `log-group::log-stream:` of the account,
  // not on each group, so a name-prefix resource would deny it. It returns names only.
  const groups = p.join("arn:", p.partition, ":logs:*:", p.account, ":log-group:*");
  return {
    calls: [
      ...base.calls,
      { actions: SOURCE_ACTIVITY_ACTIONS.logs, resources: [groups] },
      // GetMetricData has no resource-level permissions (Service Authorization Reference).
      { actions: SOURCE_ACTIVITY_ACTIONS.metrics, resources: [p.join("*")] },
      ...memberRoles(p, p.sourceAccounts ?? []),
    ],
    platform: base.platform,
  };
}

/** What a fleet audit reads and writes: every EKS read, the member roles, the reports, the CNI roles. */
function fleetAuditCalls<A>(p: PolicyInputs<A>): Statement<A>[] {
  const eks = (suffix: string): A => p.join("arn:", p.partition, ":eks:*:", p.account, ":", suffix);
  return [
    { actions: FLEET_EKS_ACTIONS.unscoped, resources: [p.join("*")] },
    { actions: FLEET_EKS_ACTIONS.cluster, resources: [eks("cluster/*")] },
    { actions: FLEET_EKS_ACTIONS.addon, resources: [eks("addon/*/*/*")] },
    { actions: FLEET_EKS_ACTIONS.nodegroup, resources: [eks("nodegroup/*/*/*")] },
    { actions: FLEET_EKS_ACTIONS.podIdentityAssociation, resources: [eks("podidentityassociation/*/*")] },
    { actions: FLEET_IAM_ACTIONS, resources: [p.join("arn:", p.partition, ":iam::", p.account, ":role/*")] },
    // fleet/audit-log-not-subscribed: the cluster log groups' subscription filters, any region.
    { actions: ["logs:DescribeSubscriptionFilters"], resources: [p.join("arn:", p.partition, ":logs:*:", p.account, ":log-group:/aws/eks/*/cluster")] },
    // Member accounts: only the one configured role name, in the configured accounts.
    ...memberRoles(p, p.fleetAccounts),
    { actions: ["s3:GetObject", "s3:PutObject"], resources: [p.join(p.bucket, "/*")] },
  ];
}

/** Without ListBucket, S3 answers GetObject of a missing key with 403 AccessDenied instead of NoSuchKey. */
function listReports<A>(p: PolicyInputs<A>): Statement<A> {
  return { actions: ["s3:ListBucket"], resources: [p.bucket] };
}

export function fleetReportPolicy<A>(p: PolicyInputs<A>): FunctionPolicy<A> {
  const sinks = sinkStatements(p);
  return {
    calls: [
      ...fleetAuditCalls(p),
      // The CNI roles it found, for the event functions (shared/store/fleet-roles-write.ts), and a
      // fanned-out run's record (shared/fleet/fanout/run-create-dynamo.ts).
      { actions: ["dynamodb:PutItem"], resources: [p.table] },
      // A large fleet is dispatched to the fleet queue, one message per account-region.
      ...(p.fleetQueue ? [{ actions: ["sqs:SendMessage"], resources: [p.fleetQueue] }] : []),
      // The stack's silences, read for the report (shared/store/silence-read.ts), and the
      // cninodes-forbidden windows (shared/store/cninodes-denials.ts).
      { actions: ["dynamodb:BatchGetItem", "dynamodb:GetItem"], resources: [p.table] },
      ...sinks.calls,
    ],
    // The first run's "previous report" is a missing key: it must read as NoSuchKey.
    platform: [...sinks.platform, onFailure(p), listReports(p)],
  };
}

/**
 * The fleet worker (fan-out): audits one account-region (the fleet report's reads), stores its
 * partial snapshot beside the reports, keeps the run's state in the table, asks for the merge on
 * the queue, and as the merge step writes the reports and sends the summary.
 */
export function fleetWorkerPolicy<A>(p: PolicyInputs<A>): FunctionPolicy<A> {
  if (p.fleetQueue === undefined) throw new Error("fleetWorkerPolicy needs the fleet queue");
  const sinks = sinkStatements(p);
  return {
    calls: [
      ...fleetAuditCalls(p),
      // The run's state; as the merge step, the stack's silences (shared/store/silence-read.ts) and
      // the cninodes-forbidden windows (shared/store/cninodes-denials.ts) too.
      { actions: ["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"], resources: [p.table] },
      { actions: ["sqs:SendMessage"], resources: [p.fleetQueue] },
      ...sinks.calls,
    ],
    platform: [...sinks.platform, onFailure(p), listReports(p), { actions: SQS_MAPPING_ACTIONS, resources: [p.fleetQueue] }],
  };
}

/**
 * The policy the member-account role (`fleet.roleName`) needs: the same EKS reads, in its
 * own account, and the simulation of its roles. Printed in the README ("Member accounts"); not deployed by this stack.
 */
export function fleetMemberRolePolicy(): { Version: string; Statement: object[] } {
  return {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: FLEET_EKS_ACTIONS.unscoped, Resource: "*" },
      {
        Effect: "Allow",
        Action: [...FLEET_EKS_ACTIONS.cluster, ...FLEET_EKS_ACTIONS.addon, ...FLEET_EKS_ACTIONS.nodegroup, ...FLEET_EKS_ACTIONS.podIdentityAssociation],
        Resource: "*",
      },
      // The member account's own roles only: global condition keys such as aws:PrincipalAccount
      // can be policy variables (IAM user guide, "Variables and tags").
      { Effect: "Allow", Action: FLEET_IAM_ACTIONS, Resource: "arn:*:iam::${aws:PrincipalAccount}:role/*" },
      // fleet/audit-log-not-subscribed: the member's cluster log groups' subscription filters.
      { Effect: "Allow", Action: ["logs:DescribeSubscriptionFilters"], Resource: "arn:*:logs:*:${aws:PrincipalAccount}:log-group:/aws/eks/*/cluster" },
      // audit-source-silent (the central sweep): the member's EKS log groups and their IncomingLogEvents.
      // A list call, authorized on the account's log groups as a whole (see sweepPolicy).
      { Effect: "Allow", Action: SOURCE_ACTIVITY_ACTIONS.logs, Resource: "arn:*:logs:*:${aws:PrincipalAccount}:log-group:*" },
      // GetMetricData has no resource-level permissions (Service Authorization Reference).
      { Effect: "Allow", Action: SOURCE_ACTIVITY_ACTIONS.metrics, Resource: "*" },
    ],
  };
}

/** Which policy each handler gets (infra wires the same pairs; the permissions test checks them). */
export const POLICY_OF_HANDLER = {
  "functions/audit-logs.ts": auditLogsPolicy,
  "functions/audit-log-stream.ts": auditLogStreamPolicy,
  "functions/cloudtrail.ts": cloudTrailPolicy,
  "functions/sweep.ts": sweepPolicy,
  "functions/fleet-report.ts": fleetReportPolicy,
  "functions/fleet-worker.ts": fleetWorkerPolicy,
} as const;
