// The generators over the real rule registry and its fixtures: what the deployed filters
// let through is exactly what the rules' triggers accept, and the noise stays out.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deployedTriggers } from "../../../infra/triggers.ts";
import { EVENT_RULES, RULES, auditTriggerAccepts, cloudTrailTriggerAccepts } from "../../../shared/rules/index.ts";
import type { AuditTrigger, CloudTrailTrigger } from "../../../shared/rules/rule.ts";
import { deliveredTo } from "../../helpers/triggers/event-pattern-eval.ts";
import { serviceOf } from "../../../shared/triggers/event-patterns.ts";
import { matchesFilterPattern } from "../../helpers/triggers/filter-eval.ts";
import { FILTER_PATTERN_MAX } from "../../../shared/triggers/filter-pattern.ts";
import type { CloudTrailRecord, K8sAuditRecord } from "../../../shared/types.ts";
import { loadRuleFixtures, type RuleCase } from "../../helpers/events.ts";

const AUDIT: AuditTrigger[] = RULES.flatMap((r) => (r.source === "audit" ? [r.trigger] : []));
const CLOUDTRAIL: CloudTrailTrigger[] = RULES.flatMap((r) => (r.source === "cloudtrail" ? r.triggers : []));
const deployed = deployedTriggers({ disabledRules: [], extraSystemUsers: [] });
const pattern = deployed.filterPattern!;

const cases = EVENT_RULES.flatMap((rule) => loadRuleFixtures(rule.id).cases.map((c) => ({ rule: rule.id, c })));
const auditCases = cases.filter(({ c }) => c.source === "audit");
const cloudTrailCases = cases.filter(({ c }) => c.source === "cloudtrail");

function envelope(c: RuleCase): { detail: CloudTrailRecord } {
  const r = c.record as { detail?: CloudTrailRecord };
  if (r.detail) return r as { detail: CloudTrailRecord };
  const rec = c.record as CloudTrailRecord;
  return { source: `aws.${serviceOf(rec.eventSource ?? "x.amazonaws.com")}`, "detail-type": "AWS API Call via CloudTrail", detail: rec } as never;
}

describe("the deployed subscription filter pattern", () => {
  it("fits the 1024-character limit with room for configured users", () => {
    expect(pattern.length).toBeLessThanOrEqual(FILTER_PATTERN_MAX);
    const withUsers = deployedTriggers({ disabledRules: [], extraSystemUsers: ["system:serviceaccount:kube-system:ebs-csi-controller-sa", "eks:node-manager"] });
    expect(withUsers.filterPattern!.length).toBeLessThanOrEqual(FILTER_PATTERN_MAX);
    expect(withUsers.filterPattern).toContain('"eks:node-manager"');
  });

  it("lets through every audit fixture some trigger accepts, and no other", () => {
    expect(auditCases.length).toBeGreaterThan(20);
    for (const { rule, c } of auditCases) {
      const extra = c.config?.extraSystemUsers ?? [];
      const p = deployedTriggers({ disabledRules: [], extraSystemUsers: extra }).filterPattern!;
      const accepted = AUDIT.some((t) => auditTriggerAccepts(t, c.record as K8sAuditRecord, extra));
      expect(matchesFilterPattern(p, JSON.stringify(c.record)), `${rule}: ${c.name}`).toBe(accepted);
      if (c.expect.match) expect(accepted, `${rule}: ${c.name}`).toBe(true);
    }
  });

  it("keeps out the noise: allowed reads, human 403s, allowed system calls", () => {
    const noise = ["reads", "human 403", "human forbidden on cninodes", "aws-node allowed", "allowed patch after EKS fixed the role", "RequestReceived stage without responseStatus"];
    for (const name of noise) {
      const found = auditCases.find(({ c }) => c.name === name);
      expect(found, name).toBeDefined();
      expect(matchesFilterPattern(pattern, JSON.stringify(found!.c.record)), name).toBe(false);
    }
    // Subresource writes (the kubelet's hourly serviceaccounts/token requests) never invoke Lambda.
    const token = auditCases.find(({ c }) => c.name === "kubelet requests a token for aws-node")!;
    expect(matchesFilterPattern(pattern, JSON.stringify(token.c.record))).toBe(false);
    expect(token.c.expect.match).toBe(false);
    expect(pattern).toContain("($.objectRef.subresource NOT EXISTS)");
  });

  // Guarantees item 9: successful writes to other objects (every namespace's ConfigMaps,
  // ServiceAccounts, DaemonSets; the cluster autoscaler's status ConfigMap in kube-system every
  // 10 s) no longer invoke Lambda; the CNI's own objects, and collection deletes, still do.
  it("lets only the CNI's own objects' writes through", () => {
    const write = (resource: string, namespace: string | undefined, name: string | undefined, verb = "update") => ({
      kind: "Event",
      verb,
      user: { username: "kubernetes-admin" },
      objectRef: { resource, ...(namespace ? { namespace } : {}), ...(name ? { name } : {}) },
      responseStatus: { code: 200 },
    });
    const passes = (r: object) => matchesFilterPattern(pattern, JSON.stringify(r));
    expect(passes(write("configmaps", "default", "app-config"))).toBe(false);
    expect(passes(write("configmaps", "kube-system", "cluster-autoscaler-status"))).toBe(false);
    expect(passes(write("serviceaccounts", "team-a", "builder"))).toBe(false);
    expect(passes(write("daemonsets", "monitoring", "node-exporter"))).toBe(false);
    expect(passes(write("clusterroles", undefined, "system:controller:foo"))).toBe(false);
    expect(passes(write("configmaps", "team-a", "amazon-vpc-cni"))).toBe(false);
    expect(passes(write("daemonsets", "kube-system", "aws-node", "patch"))).toBe(true);
    expect(passes(write("configmaps", "kube-system", "amazon-vpc-cni"))).toBe(true);
    expect(passes(write("clusterrolebindings", undefined, "aws-node", "delete"))).toBe(true);
    expect(passes(write("eniconfigs", undefined, "us-west-2a", "create"))).toBe(true);
    expect(passes(write("configmaps", "kube-system", undefined, "deletecollection"))).toBe(true);
  });

  it("is exactly the disjunction of the audit triggers over generated events", () => {
    const users = [...new Set(AUDIT.flatMap((t) => t.users ?? [])), "kubernetes-admin", "system:node:ip-10-0-1-1", "ops:bot"];
    const resources = [...new Set(AUDIT.flatMap((t) => [...(t.resources ?? []), ...(t.objects ?? []).flatMap((o) => o.resources)])), "pods", "nodes", "leases"];
    const verbs = [...new Set(AUDIT.flatMap((t) => t.verbs ?? [])), "get", "list", "watch"];
    const record = fc.record(
      {
        verb: fc.constantFrom(...verbs),
        user: fc.record({ username: fc.constantFrom(...users) }),
        objectRef: fc.record(
          {
            resource: fc.constantFrom(...resources),
            subresource: fc.constantFrom("status", "token"),
            namespace: fc.constantFrom("kube-system", "default", "team-a"),
            name: fc.constantFrom("aws-node", "amazon-vpc-cni", "coredns", "cluster-autoscaler-status"),
          },
          { requiredKeys: ["resource"] },
        ),
        responseStatus: fc.record({ code: fc.constantFrom(200, 201, 204, 399, 400, 403, 404, 409, 422, 500) }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(record, fc.subarray(["ops:bot", "kubernetes-admin"]), (rec, extra) => {
        const p = deployedTriggers({ disabledRules: [], extraSystemUsers: extra }).filterPattern!;
        const accepted = AUDIT.some((t) => auditTriggerAccepts(t, rec as K8sAuditRecord, extra));
        expect(matchesFilterPattern(p, JSON.stringify(rec))).toBe(accepted);
      }),
      { numRuns: 1500 },
    );
  });

  it("follows disabledRules: no audit rule, no subscription", () => {
    const noAudit = deployedTriggers({ disabledRules: ["cninodes-forbidden", "system-forbidden", "aws-node-modified"], extraSystemUsers: [] });
    expect(noAudit.filterPattern).toBeNull();
    const onlyModified = deployedTriggers({ disabledRules: ["cninodes-forbidden", "system-forbidden"], extraSystemUsers: [] });
    expect(onlyModified.filterPattern).not.toContain("403");
  });
});

describe("the deployed EventBridge rules", () => {
  it("deliver every CloudTrail fixture some trigger accepts, and no other", () => {
    expect(cloudTrailCases.length).toBeGreaterThan(40);
    for (const { rule, c } of cloudTrailCases) {
      const env = envelope(c);
      const accepted = CLOUDTRAIL.some((t) => cloudTrailTriggerAccepts(t, env.detail));
      expect(deployed.eventRules.some((r) => deliveredTo(r, env)), `${rule}: ${c.name}`).toBe(accepted);
      if (c.expect.match) expect(accepted, `${rule}: ${c.name}`).toBe(true);
    }
  });

  it("deliver the failed read-only calls (Describe*, credential fetches) even when marked readOnly", () => {
    for (const { c } of cloudTrailCases.filter(({ c }) => c.expect.match)) {
      const env = structuredClone(envelope(c));
      const name = env.detail.eventName ?? "";
      if (!/^(Describe|AssumeRole)/.test(name)) continue;
      env.detail.readOnly = true;
      expect(deployed.eventRules.some((r) => deliveredTo(r, env)), c.name).toBe(true);
    }
  });

  it("keep out successful Describe* calls and failed add-on calls", () => {
    for (const name of ["successful call", "failed UpdateAddon changed nothing", "failed DeleteAddon", "successful AssumeRoleWithWebIdentity", "DescribeAddon"]) {
      const found = cloudTrailCases.find(({ c }) => c.name === name);
      expect(found, name).toBeDefined();
      expect(deployed.eventRules.some((r) => deliveredTo(r, envelope(found!.c))), name).toBe(false);
    }
  });

  it("are one rule per source and outcome, plus the watchdog; read-only state where read-only calls are matched", () => {
    expect(deployed.eventRules.map((r) => `${r.name}:${r.state}`)).toEqual([
      "cloudtrail-succeeded:ENABLED",
      "ec2-failed:ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
      "eks-succeeded:ENABLED",
      "eks-auth-failed:ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
      "events-succeeded:ENABLED",
      "kinesis-succeeded:ENABLED",
      "lambda-succeeded:ENABLED",
      "logs-succeeded:ENABLED",
      "sqs-succeeded:ENABLED",
      "sts-failed:ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
      "watchdog-succeeded:ENABLED",
      // Coverage (issue 17): new cluster log groups, subscribed as they appear.
      "coverage-succeeded:ENABLED",
    ]);
  });

  it("still deliver the deletion or disabling of any one of the auditor's rules, through another rule", () => {
    for (const gone of deployed.eventRules) {
      const name = `cni-auditor-prod-CloudTrail-${gone.name}`;
      for (const eventName of ["DeleteRule", "DisableRule"]) {
        const e = envelope({
          name: eventName,
          source: "cloudtrail",
          record: { eventSource: "events.amazonaws.com", eventName, requestParameters: { name } },
          expect: { match: true },
        });
        const others = deployed.eventRules.filter((r) => r !== gone);
        expect(others.some((r) => deliveredTo(r, e)), `${eventName} ${name}`).toBe(true);
      }
    }
  });
});
