import { describe, expect, it } from "vitest";
import { check } from "../../../shared/fleet/checks/audit-log-not-subscribed.ts";
import type { ClusterSnapshot } from "../../../shared/fleet/snapshot.ts";
import { makeCluster } from "./cluster-fixture.ts";

const withFilters = (filters: string[], over: Partial<ClusterSnapshot> = {}): ClusterSnapshot =>
  ({ ...makeCluster(), enabledLogTypes: ["audit"], auditSubscription: { filters: filters.map((filterName) => ({ filterName, destinationArn: null })) }, ...over }) as ClusterSnapshot;

describe("fleet/audit-log-not-subscribed", () => {
  it("flags an audit log group without the auditor's filter, naming the filters it has", () => {
    const hits = check.evaluate(withFilters(["datadog", "splunk"]));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.title).toContain("two filters already");
    expect(hits[0]!.facts.otherFilters).toEqual(["datadog", "splunk"]);
  });

  it("a group with no filter at all (or not created yet) is flagged", () => {
    expect(check.evaluate(withFilters([]))).toHaveLength(1);
  });

  it("passes with the auditor's filter; says nothing when audit logging is off, the read failed or was not made", () => {
    expect(check.evaluate(withFilters(["cni-auditor-prod"]))).toEqual([]);
    expect(check.evaluate(withFilters([], { enabledLogTypes: ["api"] }))).toEqual([]);
    expect(check.evaluate(withFilters([], { partialErrors: [{ operation: "DescribeSubscriptionFilters", error: "AccessDenied" }] }))).toEqual([]);
    expect(check.evaluate(withFilters([], { auditSubscription: null }))).toEqual([]);
  });
});
