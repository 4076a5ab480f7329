import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deliveredTo, matchesEventPattern } from "../../helpers/triggers/event-pattern-eval.ts";
import { cloudTrailEventPatterns, serviceOf } from "../../../shared/triggers/event-patterns.ts";
import { cloudTrailTriggerAccepts } from "../../../shared/rules/index.ts";
import type { CloudTrailRecord } from "../../../shared/types.ts";
import { SAMPLE_CLOUDTRAIL_TRIGGERS } from "./sample-triggers.ts";

const fixture = (name: string): Record<string, any> =>
  JSON.parse(readFileSync(new URL(`../../fixtures/triggers/${name}`, import.meta.url), "utf8"));

/** An EventBridge envelope around a CloudTrail record, as EventBridge builds it. */
function envelope(detail: Record<string, unknown>): Record<string, unknown> {
  return {
    version: "0",
    id: "6f1b1d8e-0000-4000-8000-000000000001",
    "detail-type": "AWS API Call via CloudTrail",
    source: `aws.${serviceOf(String(detail.eventSource))}`,
    account: "111122223333",
    time: "2025-01-01T00:00:00Z",
    region: "eu-west-1",
    resources: [],
    detail,
  };
}

describe("cloudTrailEventPatterns", () => {
  const rules = cloudTrailEventPatterns(SAMPLE_CLOUDTRAIL_TRIGGERS);

  it("makes one rule per event source and outcome, with the read-only state where reads are matched", () => {
    expect(rules.map((r) => [r.name, r.state])).toEqual([
      ["ec2-failed", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"],
      ["eks-succeeded", "ENABLED"],
      ["eks-auth-failed", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"],
      ["sts-failed", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"],
    ]);
    expect(rules[0]!.pattern).toEqual({
      source: ["aws.ec2"],
      "detail-type": ["AWS API Call via CloudTrail"],
      detail: {
        eventSource: ["ec2.amazonaws.com"],
        eventName: [
          "AssignPrivateIpAddresses",
          "AttachNetworkInterface",
          "CreateNetworkInterface",
          "DescribeNetworkInterfaces",
          "DescribeSecurityGroups",
          "DescribeSubnets",
        ],
        errorCode: [{ exists: true }],
      },
    });
    expect(rules[1]!.pattern.detail.errorCode).toEqual([{ exists: false }]);
  });

  it("uses plain ENABLED when no read-only call is matched", () => {
    const [only] = cloudTrailEventPatterns([{ eventSource: "ec2.amazonaws.com", eventNames: ["CreateNetworkInterface"], failed: true }]);
    expect(only!.state).toBe("ENABLED");
    const [flagged] = cloudTrailEventPatterns([{ eventSource: "ec2.amazonaws.com", eventNames: ["CreateNetworkInterface"], failed: true, readOnlyCalls: true }]);
    expect(flagged!.state).toBe("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS");
  });

  it("delivers the recorded-shape denied CreateNetworkInterface and the successful UpdateAddon", () => {
    const denied = fixture("cloudtrail-ec2-unauthorized-createnetworkinterface.json");
    const update = fixture("cloudtrail-eks-updateaddon.json");
    expect(rules.filter((r) => deliveredTo(r, denied)).map((r) => r.name)).toEqual(["ec2-failed"]);
    expect(rules.filter((r) => deliveredTo(r, update)).map((r) => r.name)).toEqual(["eks-succeeded"]);
  });

  it("excludes noise: successful Describe*, failed UpdateAddon, other services, other event names", () => {
    const denied = fixture("cloudtrail-ec2-unauthorized-createnetworkinterface.json");
    const describeOk = structuredClone(denied);
    Object.assign(describeOk.detail, { eventName: "DescribeSubnets", readOnly: true });
    delete describeOk.detail.errorCode;
    delete describeOk.detail.errorMessage;
    const updateFailed = fixture("cloudtrail-eks-updateaddon.json");
    updateFailed.detail.errorCode = "InvalidParameterException";
    const runInstances = structuredClone(denied);
    runInstances.detail.eventName = "RunInstances";
    const s3 = envelope({ eventSource: "s3.amazonaws.com", eventName: "CreateNetworkInterface", errorCode: "AccessDenied" });
    for (const e of [describeOk, updateFailed, runInstances, s3]) {
      expect(rules.some((r) => deliveredTo(r, e)), JSON.stringify(e.detail).slice(0, 80)).toBe(false);
    }
  });

  it("a failed Describe* (readOnly) reaches its rule only because of the rule state", () => {
    const describeDenied = envelope({
      eventSource: "ec2.amazonaws.com",
      eventName: "DescribeNetworkInterfaces",
      errorCode: "Client.UnauthorizedOperation",
      readOnly: true,
    });
    const ec2 = rules.find((r) => r.name === "ec2-failed")!;
    expect(deliveredTo(ec2, describeDenied)).toBe(true);
    expect(deliveredTo({ ...ec2, state: "ENABLED" }, describeDenied)).toBe(false);
  });

  it("delivers exactly the events some trigger admits", () => {
    const names = [...new Set(SAMPLE_CLOUDTRAIL_TRIGGERS.flatMap((t) => t.eventNames)), "RunInstances", "ListClusters"];
    const detail = fc.record(
      {
        eventSource: fc.constantFrom("ec2.amazonaws.com", "eks.amazonaws.com", "sts.amazonaws.com", "eks-auth.amazonaws.com", "iam.amazonaws.com"),
        eventName: fc.constantFrom(...names),
        errorCode: fc.constantFrom("Client.UnauthorizedOperation", "AccessDenied", "ResourceInUseException"),
        userAgent: fc.string(),
      },
      { requiredKeys: ["eventSource", "eventName"] },
    );
    fc.assert(
      fc.property(detail, (d) => {
        const readOnly = /^(Describe|List|Get)/.test(d.eventName) || d.eventName.startsWith("AssumeRole");
        const event = envelope({ ...d, readOnly });
        const expected = SAMPLE_CLOUDTRAIL_TRIGGERS.some((t) => cloudTrailTriggerAccepts(t, event.detail as CloudTrailRecord));
        expect(rules.some((r) => deliveredTo(r, event))).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses event sources and names that are not CloudTrail's", () => {
    expect(() => cloudTrailEventPatterns([{ eventSource: "ec2", eventNames: ["X"], failed: true }])).toThrow(/eventSource/);
    expect(() => cloudTrailEventPatterns([{ eventSource: "ec2.amazonaws.com", eventNames: ["Describe*"], failed: true }])).toThrow(/event name/);
  });
});

describe("event pattern evaluator", () => {
  it("treats exists:true as present and exists:false as absent", () => {
    const p = { detail: { errorCode: [{ exists: true }] } };
    expect(matchesEventPattern(p, { detail: { errorCode: "AccessDenied" } })).toBe(true);
    expect(matchesEventPattern(p, { detail: {} })).toBe(false);
    expect(matchesEventPattern({ detail: { errorCode: [{ exists: false }] } }, { detail: {} })).toBe(true);
    expect(matchesEventPattern({ detail: { errorCode: [{ exists: false }] } }, {})).toBe(false);
  });

  it("rejects matchers the generator never emits", () => {
    expect(() => matchesEventPattern({ a: [{ prefix: "x" }] }, { a: "xy" })).toThrow(/unsupported/);
    expect(() => matchesEventPattern({ a: [] }, { a: "x" })).toThrow(/empty/);
  });
});
