// The CloudFormation template a StackSet rolls out to member accounts (`cni-auditor
// member-template`): the role the fleet audit assumes, and optionally the same forwarding a
// member stage deploys (infra/member.ts) for accounts that are not SST stages. Pure data: the
// read actions come from infra/permissions.ts, the patterns from the rules (infra/triggers.ts),
// the names from the member's settings, so the template and the stages cannot drift apart.
import type { InfraConfig } from "./config.ts";
import { auditLogGroupName, EVENT_TARGET_RETRY } from "./ingest-names.ts";
import { fleetMemberRolePolicy } from "./permissions.ts";
import { deployedTriggers } from "./triggers.ts";

export type LogForwarding = "none" | "log-groups" | "account";

export interface MemberTemplateOptions {
  /**
   * The fleet read role. IAM is global: roll it out in one region per account, the forwarding in
   * every region (two StackSets, README "An organization"). Default true.
   */
  role?: boolean | undefined;
  /** Forward CloudTrail events (EventBridge rules to the central bus). */
  events: boolean;
  /** Audit logs: per cluster log group, one account-level policy, or not at all. */
  logs: LogForwarding;
  /** When set, the role may only be assumed with this external id (sts:ExternalId). */
  externalId?: string | undefined;
  /** When set, only these central-account roles may assume it (aws:PrincipalArn), not any of the account's. */
  trustedRoles?: readonly string[] | undefined;
}

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
export interface CfnTemplate {
  AWSTemplateFormatVersion: "2010-09-09";
  Description: string;
  Resources: Record<string, { Type: string; Properties: Record<string, Json>; DependsOn?: string[] }>;
  Outputs: Record<string, { Description: string; Value: Json }>;
}

type Settings = Pick<InfraConfig, "mode" | "central" | "intakeName" | "clusters" | "fleet" | "disabledRules" | "extraSystemUsers">;

const sub = (s: string): Json => ({ "Fn::Sub": s });
const getAtt = (resource: string, attr: string): Json => ({ "Fn::GetAtt": [resource, attr] });
const ref = (name: string): Json => ({ Ref: name });
/** CloudFormation logical ids: alphanumeric only. */
const logicalId = (s: string): string =>
  s.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, "");

export function memberTemplate(s: Settings, o: MemberTemplateOptions): CfnTemplate {
  if (s.mode !== "member" || !s.central)
    throw new Error("member-template needs a member stage's settings (mode member, central account and region)");
  if (o.logs === "log-groups" && s.clusters.length === 0)
    throw new Error("log-groups forwarding needs the stage's clusters (or choose account)");
  const central = s.central;
  for (const r of o.trustedRoles ?? [])
    if (r.split(":")[4] !== central.account) throw new Error(`trusted role ${r} is not in the central account ${central.account}`);
  const resources: CfnTemplate["Resources"] = {};
  const outputs: CfnTemplate["Outputs"] = {};

  if (o.role !== false) {
    resources.FleetReadRole = { Type: "AWS::IAM::Role", Properties: fleetRole(s, o) };
    outputs.FleetReadRoleArn = { Description: "The role the central fleet audit assumes", Value: getAtt("FleetReadRole", "Arn") };
  }

  const triggers = deployedTriggers(s);
  if (o.events && triggers.eventRules.length > 0) {
    const bus = `arn:\${AWS::Partition}:events:${central.region}:${central.account}:event-bus/${s.intakeName}`;
    const ruleName = (name: string) => `cni-auditor-forward-${name}`;
    const ruleArns = triggers.eventRules.map((g) =>
      sub(`arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/${ruleName(g.name)}`),
    );
    // Named rules: the role's trust names them without a Ref cycle (rule → role → rule).
    resources.ForwardToCentralRole = {
      Type: "AWS::IAM::Role",
      Properties: {
        Description: "cni-auditor: EventBridge forwards CloudTrail events to the central bus",
        AssumeRolePolicyDocument: {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "events.amazonaws.com" },
              Action: "sts:AssumeRole",
              Condition: { StringEquals: { "aws:SourceAccount": ref("AWS::AccountId") }, ArnEquals: { "aws:SourceArn": ruleArns } },
            },
          ],
        },
        Policies: [
          {
            PolicyName: "put-events-central",
            PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "events:PutEvents", Resource: sub(bus) }] },
          },
        ],
      },
    };
    // What EventBridge could not forward after 24 h of retries waits here.
    resources.FailedEvents = {
      Type: "AWS::SQS::Queue",
      Properties: { MessageRetentionPeriod: 14 * 24 * 3600, SqsManagedSseEnabled: true },
    };
    resources.FailedEventsPolicy = {
      Type: "AWS::SQS::QueuePolicy",
      Properties: {
        Queues: [ref("FailedEvents")],
        PolicyDocument: {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "events.amazonaws.com" },
              Action: "sqs:SendMessage",
              Resource: getAtt("FailedEvents", "Arn"),
              Condition: { ArnEquals: { "aws:SourceArn": ruleArns } },
            },
          ],
        },
      },
    };
    for (const g of triggers.eventRules) {
      resources[`Forward${logicalId(g.name)}`] = {
        Type: "AWS::Events::Rule",
        Properties: {
          Name: ruleName(g.name),
          Description: `cni-auditor: forwards ${g.pattern.detail.eventName.join(", ")} (${g.name}) to the central account`.slice(0, 512),
          EventPattern: g.pattern as unknown as Json,
          State: g.state,
          Targets: [
            {
              Id: "central-bus",
              Arn: sub(bus),
              RoleArn: getAtt("ForwardToCentralRole", "Arn"),
              RetryPolicy: {
                MaximumEventAgeInSeconds: EVENT_TARGET_RETRY.maximumEventAgeInSeconds,
                MaximumRetryAttempts: EVENT_TARGET_RETRY.maximumRetryAttempts,
              },
              DeadLetterConfig: { Arn: getAtt("FailedEvents", "Arn") },
            },
          ],
        },
      };
    }
    outputs.ForwardRules = { Description: "EventBridge rules forwarding to the central bus", Value: String(triggers.eventRules.length) };
  }

  if (o.logs !== "none" && triggers.filterPattern !== null) {
    // The destination in the stack's own region: one per region in the central account.
    const destination = sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:${central.account}:destination:${s.intakeName}`);
    if (o.logs === "log-groups") {
      for (const cluster of s.clusters) {
        resources[unique(resources, `ForwardLogs${logicalId(cluster)}`)] = {
          Type: "AWS::Logs::SubscriptionFilter",
          Properties: {
            FilterName: "cni-auditor-member",
            LogGroupName: auditLogGroupName(cluster),
            FilterPattern: triggers.filterPattern,
            DestinationArn: destination,
          },
        };
      }
    } else {
      // Every log group of the account: the generated pattern matches only the audit events of
      // the listed kinds, so other groups' messages stay out (README, "An organization").
      resources.ForwardLogsPolicy = {
        Type: "AWS::Logs::AccountPolicy",
        Properties: {
          PolicyName: "cni-auditor-member",
          PolicyType: "SUBSCRIPTION_FILTER_POLICY",
          Scope: "ALL",
          PolicyDocument: {
            "Fn::Sub": [
              JSON.stringify({ DestinationArn: "${Destination}", FilterPattern: "${Pattern}", Distribution: "Random" }),
              { Destination: destination, Pattern: triggers.filterPattern.replace(/\\/g, "\\\\").replace(/"/g, '\\"') },
            ],
          },
        },
      };
    }
    outputs.CentralDestination = { Description: "Where the audit logs go", Value: destination };
  }

  if (Object.keys(resources).length === 0) throw new Error("nothing to put in the template (no role, no forwarding)");
  const parts = [
    o.role !== false && "fleet read role",
    "ForwardRules" in outputs ? "event forwarding" : "",
    "CentralDestination" in outputs && "audit log forwarding",
  ].filter(Boolean);
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: `cni-auditor member of ${central.account} (${central.region}): ${parts.join(", ")}`,
    Resources: resources,
    Outputs: outputs,
  };
}

/** Cluster names differ in - and _ where logical ids cannot: the second gets a number. */
function unique(taken: object, id: string): string {
  let n = 2;
  let out = id;
  while (Object.hasOwn(taken, out)) out = `${id}${n++}`;
  return out;
}

function fleetRole(s: Settings, o: MemberTemplateOptions): Record<string, Json> {
  const condition: Record<string, Record<string, Json>> = {};
  if (o.externalId) condition.StringEquals = { "sts:ExternalId": o.externalId };
  if (o.trustedRoles?.length) condition.ArnLike = { "aws:PrincipalArn": [...o.trustedRoles] };
  return {
    RoleName: s.fleet.roleName,
    Description: `cni-auditor: read-only EKS access for the fleet audit of ${s.central!.account}`,
    MaxSessionDuration: 3600,
    AssumeRolePolicyDocument: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: sub(`arn:\${AWS::Partition}:iam::${s.central!.account}:root`) },
          Action: "sts:AssumeRole",
          ...(Object.keys(condition).length ? { Condition: condition } : {}),
        },
      ],
    },
    Policies: [{ PolicyName: "eks-read", PolicyDocument: fleetMemberRolePolicy() as unknown as Json }],
  };
}
