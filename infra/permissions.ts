// IAM statements of each Lambda, as data. `calls` are exactly the AWS API actions the
// handler's code makes (test/unit/infra/permissions.test.ts checks them against the SDK
// commands the bundle reaches); `platform` are what Lambda needs on the function's behalf
// (the on-failure destination), what SNS needs to publish to a KMS-encrypted topic, and
// s3:ListBucket so that a missing report reads as NoSuchKey.
// No statement has a `*` action. `join` builds ARNs from parts: `$concat` in infra, plain
// string concatenation in tests, so this file stays free of Pulumi.

export interface Condition<A> {
  test: string;
  variable: string;
  values: A[];
}

export interface Statement<A> {
  actions: string[];
  resources: A[];
  conditions?: Condition<A>[];
}

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
  join: (...parts: Array<string | A>) => A;
}

/**
 * DynamoDB calls of the dedup store (shared/store/dynamo-io.ts). Every handler that uses the
 * store reaches all of them, Scan included (the sweep's query of owed windows lives there).
 */
export const DEDUP_TABLE_ACTIONS = ["dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Scan", "dynamodb:UpdateItem"];

/** Read-only EKS calls of the fleet inventory (shared/fleet/inventory*.ts). */
export const FLEET_EKS_ACTIONS = {
  /** No resource-level permissions exist for these (Service Authorization Reference). */
  unscoped: ["eks:DescribeAddonVersions", "eks:ListClusters"],
  cluster: ["eks:DescribeCluster", "eks:ListAddons", "eks:ListInsights", "eks:ListNodegroups", "eks:ListPodIdentityAssociations"],
  addon: ["eks:DescribeAddon"],
  nodegroup: ["eks:DescribeNodegroup"],
  podIdentityAssociation: ["eks:DescribePodIdentityAssociation"],
};

function publishAlerts<A>(p: PolicyInputs<A>): { call: Statement<A>; platform: Statement<A> } {
  return {
    call: { actions: ["sns:Publish"], resources: [p.topic] },
    // SNS encrypts with the topic's key on the publisher's behalf (SNS developer guide,
    // "Key management"): the publisher needs these on the key, only via SNS.
    platform: {
      actions: ["kms:Decrypt", "kms:GenerateDataKey"],
      resources: [p.topicKey],
      conditions: [{ test: "StringEquals", variable: "kms:ViaService", values: [p.join("sns.", p.region, ".amazonaws.com")] }],
    },
  };
}

function onFailure<A>(p: PolicyInputs<A>): Statement<A> {
  return { actions: ["sqs:SendMessage"], resources: [p.dlq] };
}

function dedupFunction<A>(p: PolicyInputs<A>): FunctionPolicy<A> {
  const alerts = publishAlerts(p);
  return {
    calls: [{ actions: DEDUP_TABLE_ACTIONS, resources: [p.table] }, alerts.call],
    platform: [alerts.platform, onFailure(p)],
  };
}

export const auditLogsPolicy = dedupFunction;
export const cloudTrailPolicy = dedupFunction;
export const sweepPolicy = dedupFunction;

export function fleetReportPolicy<A>(p: PolicyInputs<A>): FunctionPolicy<A> {
  const alerts = publishAlerts(p);
  const eks = (suffix: string): A => p.join("arn:", p.partition, ":eks:*:", p.account, ":", suffix);
  return {
    calls: [
      { actions: FLEET_EKS_ACTIONS.unscoped, resources: [p.join("*")] },
      { actions: FLEET_EKS_ACTIONS.cluster, resources: [eks("cluster/*")] },
      { actions: FLEET_EKS_ACTIONS.addon, resources: [eks("addon/*/*/*")] },
      { actions: FLEET_EKS_ACTIONS.nodegroup, resources: [eks("nodegroup/*/*/*")] },
      { actions: FLEET_EKS_ACTIONS.podIdentityAssociation, resources: [eks("podidentityassociation/*/*")] },
      // Member accounts: only the one configured role name, in any account.
      { actions: ["sts:AssumeRole"], resources: [p.join("arn:", p.partition, ":iam::*:role/", p.fleetRoleName)] },
      { actions: ["s3:GetObject", "s3:PutObject"], resources: [p.join(p.bucket, "/*")] },
      // The CNI roles it found, for the event functions (shared/store/fleet-roles-write.ts).
      { actions: ["dynamodb:PutItem"], resources: [p.table] },
      alerts.call,
    ],
    platform: [
      alerts.platform,
      onFailure(p),
      // Without ListBucket, S3 answers GetObject of a missing key (the first run's "previous
      // report") with 403 AccessDenied instead of NoSuchKey, and the run would fail.
      { actions: ["s3:ListBucket"], resources: [p.bucket] },
    ],
  };
}

/**
 * The policy the member-account role (`fleet.roleName`) needs: the same EKS reads, in its
 * own account. Printed in the README ("Member accounts"); not deployed by this stack.
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
    ],
  };
}

/** Which policy each handler gets (infra wires the same pairs; the permissions test checks them). */
export const POLICY_OF_HANDLER = {
  "functions/audit-logs.ts": auditLogsPolicy,
  "functions/cloudtrail.ts": cloudTrailPolicy,
  "functions/sweep.ts": sweepPolicy,
  "functions/fleet-report.ts": fleetReportPolicy,
} as const;
