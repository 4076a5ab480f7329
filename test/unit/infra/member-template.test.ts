// The member template (`cni-auditor member-template`): valid against CloudFormation's resource
// specification in every variant, least privilege from the one list in infra/permissions.ts,
// the trust of the central account, and the same forwarding a member stage deploys.
import { describe, expect, it } from "vitest";
import { loadInfraConfig, type StageSettings } from "../../../infra/config.ts";
import { memberTemplate, type CfnTemplate, type MemberTemplateOptions } from "../../../infra/member-template.ts";
import { templateYaml } from "../../../infra/member-template-yaml.ts";
import { FLEET_EKS_ACTIONS, FLEET_IAM_ACTIONS, SOURCE_ACTIVITY_ACTIONS } from "../../../infra/permissions.ts";
import { deployedTriggers } from "../../../infra/triggers.ts";
import { validateTemplate } from "../../helpers/cfnspec.ts";

const CENTRAL = "999988887777";
const stages: Record<string, StageSettings> = {
  member: { mode: "member", clusters: ["team-a-1", "team_b-2", "team-b_2"], central: { account: CENTRAL, region: "eu-central-1" } },
  bare: {
    mode: "member",
    central: { account: CENTRAL, region: "eu-central-1" },
    fleet: { roleName: "fleet-reader" },
    intakeName: "org-intake",
  },
  standalone: { clusters: ["x"] },
};
const member = loadInfraConfig("member", {}, stages);
const bare = loadInfraConfig("bare", {}, stages);
const triggers = deployedTriggers(member);
const ALL: MemberTemplateOptions = { events: true, logs: "log-groups" };

/** Fn::Sub as CloudFormation resolves it in a stack of account 111122223333, eu-west-1. */
function resolve(v: unknown): unknown {
  const pseudo: Record<string, string> = { "AWS::Partition": "aws", "AWS::Region": "eu-west-1", "AWS::AccountId": "111122223333" };
  if (Array.isArray(v)) return v.map(resolve);
  if (typeof v !== "object" || v === null) return v;
  const o = v as Record<string, unknown>;
  if (typeof o.Ref === "string" && pseudo[o.Ref]) return pseudo[o.Ref];
  if ("Fn::Sub" in o) {
    const [text, vars] = Array.isArray(o["Fn::Sub"]) ? (o["Fn::Sub"] as [string, Record<string, unknown>]) : [o["Fn::Sub"] as string, {}];
    const values: Record<string, unknown> = { ...pseudo, ...(resolve(vars) as object) };
    return text.replace(/\$\{([^}]+)\}/g, (_m, n: string) => String(values[n] ?? `<${n}>`));
  }
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, resolve(x)]));
}
const ofType = (t: CfnTemplate, type: string) => Object.entries(t.Resources).filter(([, r]) => r.Type === type);

describe("member template against the CloudFormation resource specification", () => {
  it.each<[string, MemberTemplateOptions, typeof member]>([
    ["role + events + per-log-group filters", ALL, member],
    ["role + events + account-level policy", { events: true, logs: "account" }, bare],
    ["role only", { events: false, logs: "none" }, bare],
    [
      "role with external id and trusted roles",
      { events: false, logs: "none", externalId: "org-fleet-1", trustedRoles: [`arn:aws:iam::${CENTRAL}:role/cni-auditor-*`] },
      member,
    ],
  ])("%s: valid (types, required and known properties, Ref/GetAtt/Sub targets)", (_name, o, settings) => {
    expect(validateTemplate(memberTemplate(settings, o) as never)).toEqual([]);
  });

  it("the validator rejects what CloudFormation would", () => {
    const t = memberTemplate(member, ALL);
    const broken = structuredClone(t) as any;
    broken.Resources.Extra = { Type: "AWS::IAM::Rolez", Properties: {} };
    broken.Resources.FleetReadRole.Properties.Policy = [];
    delete broken.Resources.FleetReadRole.Properties.AssumeRolePolicyDocument;
    broken.Resources.FailedEventsPolicy.Properties.Queues = [{ Ref: "Nope" }];
    broken.Resources.ForwardEc2Failed.Properties.Targets[0].RoleArn = { "Fn::GetAtt": ["ForwardToCentralRole", "Name"] };
    broken.Resources.ForwardEc2Failed.Properties.Targets[0].Ids = "x";
    broken.Resources.ForwardEc2Failed.Properties.Targets[0].Arn = { "Fn::Sub": "${Missing.Arn}" };
    broken.Resources.FailedEvents.Properties.MessageRetentionPeriod = "14 days";
    const errors = validateTemplate(broken).join("\n");
    for (const e of [
      "unknown resource type AWS::IAM::Rolez",
      "FleetReadRole: unknown property Policy",
      "FleetReadRole: missing required AssumeRolePolicyDocument",
      "Ref to unknown Nope",
      "AWS::IAM::Role has no attribute Name",
      "Targets[0]: unknown property Ids",
      "Fn::Sub names unknown Missing.Arn",
      "MessageRetentionPeriod: expected Integer",
    ])
      expect(errors).toContain(e);
  });
});

describe("the fleet read role", () => {
  it("allows exactly the fleet's EKS reads and IAM simulation from infra/permissions.ts, nothing else", () => {
    const role = memberTemplate(member, ALL).Resources.FleetReadRole!.Properties as any;
    expect(role.RoleName).toBe(member.fleet.roleName);
    const statements = role.Policies.flatMap((p: any) => p.PolicyDocument.Statement);
    const actions = statements.flatMap((s: any) => s.Action).sort();
    // Plus the audit log groups' subscription filters (fleet/audit-log-not-subscribed, issue 17).
    // And the central sweep's audit-source-silent reads: the EKS log groups and their IncomingLogEvents.
    expect(actions).toEqual(
      [...Object.values(FLEET_EKS_ACTIONS).flat(), ...FLEET_IAM_ACTIONS, "logs:DescribeSubscriptionFilters", "logs:DescribeLogGroups", "cloudwatch:GetMetricData"].sort(),
    );
    expect(SOURCE_ACTIVITY_ACTIONS).toEqual({ logs: ["logs:DescribeLogGroups"], metrics: ["cloudwatch:GetMetricData"] });
    const reads = /^(eks:(Describe|List)[A-Za-z]+|iam:SimulatePrincipalPolicy|logs:DescribeSubscriptionFilters|logs:DescribeLogGroups|cloudwatch:GetMetricData)$/;
    expect(actions.every((a: string) => reads.test(a))).toBe(true);
    const resourceOf = (action: string) => statements.filter((s: any) => [s.Action].flat().includes(action)).map((s: any) => s.Resource);
    expect(resourceOf("logs:DescribeSubscriptionFilters")).toEqual(["arn:*:logs:*:${aws:PrincipalAccount}:log-group:/aws/eks/*/cluster"]);
    expect(resourceOf("logs:DescribeLogGroups")).toEqual(["arn:*:logs:*:${aws:PrincipalAccount}:log-group:*"]);
    // GetMetricData has no resource-level permissions; it is the only "*" besides the unscoped EKS lists.
    expect(resourceOf("cloudwatch:GetMetricData")).toEqual(["*"]);
    const star = statements.filter((s: any) => s.Resource === "*").flatMap((s: any) => [s.Action].flat());
    expect(star.filter((a: string) => !a.startsWith("eks:"))).toEqual(["cloudwatch:GetMetricData"]);
    // The simulation reads the account's own roles' policies; it is never granted on "*".
    const simulate = statements.filter((s: any) => [s.Action].flat().includes("iam:SimulatePrincipalPolicy"));
    expect(simulate.map((s: any) => s.Resource)).toEqual(["arn:*:iam::${aws:PrincipalAccount}:role/*"]);
    expect(statements.every((s: any) => s.Effect === "Allow")).toBe(true);
  });

  it("trusts the central account only, with the external id and principal ARNs when given", () => {
    const plain = resolve(memberTemplate(member, ALL).Resources.FleetReadRole!.Properties.AssumeRolePolicyDocument) as any;
    expect(plain.Statement).toEqual([{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${CENTRAL}:root` }, Action: "sts:AssumeRole" }]);
    const trusted = [`arn:aws:iam::${CENTRAL}:role/cni-auditor-prod-FleetReport*`];
    const strict = memberTemplate(member, { ...ALL, externalId: "org-fleet-1", trustedRoles: trusted }).Resources.FleetReadRole!.Properties
      .AssumeRolePolicyDocument as any;
    expect(strict.Statement[0].Condition).toEqual({
      StringEquals: { "sts:ExternalId": "org-fleet-1" },
      ArnLike: { "aws:PrincipalArn": trusted },
    });
    expect(() => memberTemplate(member, { ...ALL, trustedRoles: ["arn:aws:iam::123456789012:role/x"] })).toThrow(
      /not in the central account/,
    );
    expect(memberTemplate(bare, { events: false, logs: "none" }).Resources.FleetReadRole!.Properties.RoleName).toBe("fleet-reader");
  });

  it("needs a member stage's settings", () => {
    expect(() => memberTemplate(loadInfraConfig("standalone", {}, stages), ALL)).toThrow(/mode member/);
    expect(() => memberTemplate(bare, ALL)).toThrow(/clusters/);
  });
});

describe("forwarding, as a member stage deploys it", () => {
  const t = memberTemplate(member, ALL);
  it("the generated rules and states, each to the central bus through the forwarding role, failures to a queue", () => {
    const rules = ofType(t, "AWS::Events::Rule").map(([, r]) => resolve(r.Properties) as any);
    expect(rules.map((r) => [r.EventPattern, r.State])).toEqual(triggers.eventRules.map((g) => [g.pattern, g.state]));
    for (const r of rules) {
      expect(r.Targets).toEqual([
        {
          Id: "central-bus",
          Arn: `arn:aws:events:eu-central-1:${CENTRAL}:event-bus/cni-auditor-central`,
          RoleArn: { "Fn::GetAtt": ["ForwardToCentralRole", "Arn"] },
          RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
          DeadLetterConfig: { Arn: { "Fn::GetAtt": ["FailedEvents", "Arn"] } },
        },
      ]);
    }
    const trust = (resolve(t.Resources.ForwardToCentralRole!.Properties) as any).AssumeRolePolicyDocument.Statement[0];
    expect(trust.Principal).toEqual({ Service: "events.amazonaws.com" });
    expect(trust.Condition.ArnEquals["aws:SourceArn"]).toEqual(rules.map((r) => `arn:aws:events:eu-west-1:111122223333:rule/${r.Name}`));
    const put = (resolve(t.Resources.ForwardToCentralRole!.Properties) as any).Policies[0].PolicyDocument.Statement;
    expect(put).toEqual([
      { Effect: "Allow", Action: "events:PutEvents", Resource: `arn:aws:events:eu-central-1:${CENTRAL}:event-bus/cni-auditor-central` },
    ]);
  });

  it("each cluster's log group subscribed with the generated pattern to the central destination of the stack's region", () => {
    const filters = ofType(t, "AWS::Logs::SubscriptionFilter").map(([, r]) => resolve(r.Properties));
    expect(filters).toEqual(
      member.clusters.map((c) => ({
        FilterName: "cni-auditor-member",
        LogGroupName: `/aws/eks/${c}/cluster`,
        FilterPattern: triggers.filterPattern,
        DestinationArn: `arn:aws:logs:eu-west-1:${CENTRAL}:destination:cni-auditor-central`,
      })),
    );
  });

  it("or one account-level subscription filter policy whose document carries the exact pattern", () => {
    const policy = resolve(memberTemplate(bare, { events: false, logs: "account" }).Resources.ForwardLogsPolicy!.Properties) as any;
    expect(policy).toMatchObject({ PolicyType: "SUBSCRIPTION_FILTER_POLICY", Scope: "ALL" });
    expect(JSON.parse(policy.PolicyDocument)).toEqual({
      DestinationArn: `arn:aws:logs:eu-west-1:${CENTRAL}:destination:org-intake`,
      FilterPattern: triggers.filterPattern,
      Distribution: "Random",
    });
  });

  it("leaves out what is turned off", () => {
    const types = Object.values(memberTemplate(member, { events: false, logs: "none" }).Resources).map((r) => r.Type);
    expect(types).toEqual(["AWS::IAM::Role"]);
    const forwardOnly = memberTemplate(member, { ...ALL, role: false });
    expect(forwardOnly.Resources.FleetReadRole).toBeUndefined();
    expect(validateTemplate(forwardOnly as never)).toEqual([]);
    expect(() => memberTemplate(member, { role: false, events: false, logs: "none" })).toThrow(/nothing/);
  });
});

describe("YAML", () => {
  it("every resource and output of the YAML parses to the JSON template's", () => {
    const t = memberTemplate(member, ALL);
    const lines = templateYaml(t).trimEnd().split("\n");
    expect(lines.slice(0, 3)).toEqual([
      `AWSTemplateFormatVersion: "2010-09-09"`,
      `Description: ${JSON.stringify(t.Description)}`,
      "Resources:",
    ]);
    const parsed: Record<string, Record<string, unknown>> = {};
    let section = "";
    for (const line of lines.slice(2)) {
      const top = /^([A-Za-z]+):$/.exec(line);
      if (top) section = top[1]!;
      else {
        const m = /^ {2}([A-Za-z0-9]+): (\{.*\})$/.exec(line)!;
        (parsed[section] ??= {})[m[1]!] = JSON.parse(m[2]!);
      }
    }
    expect(parsed).toEqual({ Resources: t.Resources, Outputs: t.Outputs });
  });
});
