// The checks `cni-auditor doctor` runs against a deployed stage with the user's credentials. Each
// returns rows (check, target, ok, detail); an API call that fails is a failed row with the
// error's name and message, never a crash, so one missing permission shows as one FAIL.
import {
  DescribeAccountPoliciesCommand,
  DescribeSubscriptionFiltersCommand,
  paginateDescribeLogGroups,
  type CloudWatchLogsClient,
} from "@aws-sdk/client-cloudwatch-logs";
import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, type CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { DescribeRuleCommand, ListRulesCommand, type EventBridgeClient, type Rule } from "@aws-sdk/client-eventbridge";
import { GetParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import type { GeneratedEventRule } from "../../shared/triggers/event-patterns.ts";

export interface CheckRow {
  check: string;
  target: string;
  /** null: not checked (skipped, with the reason in detail). */
  ok: boolean | null;
  detail: string;
}

const errorText = (e: unknown): string => `${(e as Error).name ?? "Error"}: ${(e as Error).message ?? String(e)}`.slice(0, 300);
const CLUSTER_GROUP = /^\/aws\/eks\/[^/]+\/cluster$/;

export interface FilterExpectation {
  /** Filter names the auditor uses (`cni-auditor-<stage>`, the member template's `cni-auditor-member`). */
  names: string[];
  pattern: string | null;
  /** Configured clusters: their log groups must exist. */
  clusters: string[];
}

export async function checkLogFilters(logs: CloudWatchLogsClient, want: FilterExpectation): Promise<CheckRow[]> {
  const check = "log subscription";
  if (want.pattern === null)
    return [{ check, target: "/aws/eks/*/cluster", ok: null, detail: "no audit rule enabled: no filter expected" }];
  let groups: string[];
  try {
    groups = [];
    for await (const page of paginateDescribeLogGroups({ client: logs }, { logGroupNamePrefix: "/aws/eks/" })) {
      for (const g of page.logGroups ?? []) if (g.logGroupName && CLUSTER_GROUP.test(g.logGroupName)) groups.push(g.logGroupName);
    }
  } catch (e) {
    return [{ check, target: "/aws/eks/*/cluster", ok: false, detail: `DescribeLogGroups: ${errorText(e)}` }];
  }
  const rows: CheckRow[] = [];
  for (const c of want.clusters) {
    const name = `/aws/eks/${c}/cluster`;
    if (!groups.includes(name))
      rows.push({ check, target: name, ok: false, detail: "log group missing: turn on the cluster's audit logging" });
  }
  const accountPolicy = await accountPolicyPattern(logs);
  for (const group of groups.sort()) {
    try {
      const out = await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName: group }));
      const ours = (out.subscriptionFilters ?? []).find((f) => want.names.includes(f.filterName ?? ""));
      if (ours && ours.filterPattern === want.pattern)
        rows.push({ check, target: group, ok: true, detail: `${ours.filterName} → ${ours.destinationArn ?? "?"}` });
      else if (ours)
        rows.push({
          check,
          target: group,
          ok: false,
          detail: `${ours.filterName} has another pattern than the rules generate: redeploy the stage`,
        });
      else if (accountPolicy === want.pattern)
        rows.push({ check, target: group, ok: true, detail: "the account-level subscription filter policy" });
      else
        rows.push({
          check,
          target: group,
          ok: false,
          detail: `no auditor filter (${(out.subscriptionFilters ?? []).map((f) => f.filterName).join(", ") || "none"}); list the cluster in the stage's settings`,
        });
    } catch (e) {
      rows.push({ check, target: group, ok: false, detail: `DescribeSubscriptionFilters: ${errorText(e)}` });
    }
  }
  if (rows.length === 0) rows.push({ check, target: "/aws/eks/*/cluster", ok: null, detail: "no cluster log group in this region" });
  return rows;
}

/** The pattern of an account-level subscription filter policy, if there is one. */
async function accountPolicyPattern(logs: CloudWatchLogsClient): Promise<string | null> {
  try {
    const out = await logs.send(new DescribeAccountPoliciesCommand({ policyType: "SUBSCRIPTION_FILTER_POLICY" }));
    for (const p of out.accountPolicies ?? []) {
      const doc = JSON.parse(p.policyDocument ?? "{}") as { FilterPattern?: string };
      if (typeof doc.FilterPattern === "string") return doc.FilterPattern;
    }
  } catch {
    // No such policy, or no permission to see it: the per-group filters decide.
  }
  return null;
}

/** Patterns compare as data: key order and spacing do not matter. */
function samePattern(a: string | undefined, b: object): boolean {
  const canon = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canon)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([x], [y]) => x.localeCompare(y))
              .map(([k, x]) => [k, canon(x)]),
          )
        : v;
  try {
    return JSON.stringify(canon(JSON.parse(a ?? "null"))) === JSON.stringify(canon(b));
  } catch {
    return false;
  }
}

export async function checkEventRules(
  events: EventBridgeClient,
  generated: readonly GeneratedEventRule[],
  buses: readonly string[],
): Promise<CheckRow[]> {
  const check = "event rule";
  const rows: CheckRow[] = [];
  for (const bus of buses) {
    let rules: Rule[];
    try {
      rules = [];
      let token: string | undefined;
      do {
        const out = await events.send(new ListRulesCommand({ EventBusName: bus, NextToken: token }));
        rules.push(...(out.Rules ?? []));
        token = out.NextToken;
      } while (token);
    } catch (e) {
      rows.push({ check, target: bus, ok: false, detail: `ListRules: ${errorText(e)}` });
      continue;
    }
    for (const g of generated) {
      const target = `${bus}: ${g.name}`;
      const found = rules.find((r) => samePattern(r.EventPattern, g.pattern));
      if (!found?.Name) {
        rows.push({ check, target, ok: false, detail: "no rule with the generated pattern: redeploy the stage" });
        continue;
      }
      try {
        const r = await events.send(new DescribeRuleCommand({ Name: found.Name, EventBusName: bus }));
        if (r.State === g.state) rows.push({ check, target, ok: true, detail: `${found.Name} ${r.State}` });
        else if (r.State === "DISABLED")
          rows.push({ check, target, ok: false, detail: `${found.Name} is DISABLED: its events are dropped` });
        else
          rows.push({
            check,
            target,
            ok: false,
            detail: `${found.Name} is ${r.State}, should be ${g.state} (read-only calls are only delivered in that state)`,
          });
      } catch (e) {
        rows.push({ check, target, ok: false, detail: `DescribeRule: ${errorText(e)}` });
      }
    }
  }
  return rows;
}

/** A trail that logs management events, read and write (the Describe* denials are read events). */
export async function checkTrail(trail: CloudTrailClient): Promise<CheckRow[]> {
  const check = "cloudtrail";
  let trails;
  try {
    trails = (await trail.send(new DescribeTrailsCommand({ includeShadowTrails: true }))).trailList ?? [];
  } catch (e) {
    return [{ check, target: "trails", ok: false, detail: `DescribeTrails: ${errorText(e)}` }];
  }
  const seen: string[] = [];
  for (const t of trails) {
    const id = t.TrailARN ?? t.Name ?? "";
    try {
      const status = await trail.send(new GetTrailStatusCommand({ Name: id }));
      const selectors = await trail.send(new GetEventSelectorsCommand({ TrailName: id }));
      const basic = (selectors.EventSelectors ?? [])
        .filter((s) => s.IncludeManagementEvents !== false)
        .map((s) => s.ReadWriteType ?? "All");
      const advanced = (selectors.AdvancedEventSelectors ?? [])
        .filter((s) => s.FieldSelectors?.some((f) => f.Field === "eventCategory" && f.Equals?.includes("Management")))
        .map((s) => {
          const ro = s.FieldSelectors?.find((f) => f.Field === "readOnly")?.Equals ?? [];
          return ro.length === 1 ? (ro[0] === "true" ? "ReadOnly" : "WriteOnly") : "All";
        });
      const kinds = [...basic, ...advanced];
      const all = kinds.includes("All") || (kinds.includes("ReadOnly") && kinds.includes("WriteOnly"));
      if (status.IsLogging && all)
        return [
          {
            check,
            target: t.Name ?? id,
            ok: true,
            detail: `logging management events, read and write${t.IsMultiRegionTrail ? ", all regions" : ""}`,
          },
        ];
      seen.push(`${t.Name}: ${status.IsLogging ? "logging" : "not logging"}, management events ${kinds.length ? kinds.join("/") : "none"}`);
    } catch (e) {
      seen.push(`${t.Name}: ${errorText(e)}`);
    }
  }
  return [
    {
      check,
      target: "trails",
      ok: false,
      detail: seen.length
        ? `no trail logs read and write management events (${seen.join("; ")})`
        : "no trail: CloudTrail rules see nothing",
    },
  ];
}

/** Each configured secret parameter is readable, decrypted (its value is never shown). */
export async function checkSecrets(
  ssm: SSMClient,
  secrets: Record<string, string>,
): Promise<{ rows: CheckRow[]; values: Record<string, string> }> {
  const rows: CheckRow[] = [];
  const values: Record<string, string> = {};
  for (const [sink, name] of Object.entries(secrets)) {
    try {
      const out = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
      if (!out.Parameter?.Value) throw new Error("the parameter has no value");
      values[sink] = out.Parameter.Value;
      rows.push({
        check: "secret",
        target: `${sink}: ${name}`,
        ok: true,
        detail: `readable (${out.Parameter.Type ?? "?"}, version ${out.Parameter.Version ?? "?"})`,
      });
    } catch (e) {
      rows.push({ check: "secret", target: `${sink}: ${name}`, ok: false, detail: `GetParameter: ${errorText(e)}` });
    }
  }
  return { rows, values };
}
