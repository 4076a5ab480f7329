import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../../shared/config.ts";
import { evaluate } from "../../../shared/pipeline.ts";
import { addonVersionChanged } from "../../../shared/rules/addon-version-changed.ts";
import type { CloudTrailRecord, Finding } from "../../../shared/types.ts";
import { cloudTrailEvent, loadRuleFixtures } from "../../helpers/events.ts";

// The add-on rules remember version and features through `addonUpdate`, so a later event
// knows `fromVersion` and the configuration in force. Run through the real pipeline.

const base = (loadRuleFixtures("addon-version-changed").cases[0]!.record as { detail: CloudTrailRecord }).detail;
let n = 0;
function call(eventName: string, req: Record<string, unknown>, minute: number): ReturnType<typeof cloudTrailEvent> {
  n++;
  const detail: CloudTrailRecord = {
    ...structuredClone(base),
    eventName,
    eventID: `evt-${n}`,
    eventTime: new Date(Date.parse("2025-06-04T09:00:00Z") + minute * 60_000).toISOString().replace(".000", ""),
    requestParameters: { name: "demo-cluster", addonName: "vpc-cni", ...req },
    responseElements: null,
  };
  return cloudTrailEvent({ "detail-type": "AWS API Call via CloudTrail", account: "111122223333", region: "us-west-2", detail } as never);
}
const CUSTOM = JSON.stringify({ env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true" } });
const byRule = (fs: Finding[], rule: string) => fs.filter((f) => f.rule === rule);

describe("add-on state across events", () => {
  it("carries version and configuration forward, in event-time order whatever the input order", () => {
    const events = [
      call("UpdateAddon", { addonVersion: "v1.19.4-eksbuild.1" }, 20), // version only: config in force is custom networking
      call("CreateAddon", { addonVersion: "v1.19.3-eksbuild.1" }, 0),
      call("UpdateAddon", { configurationValues: CUSTOM }, 10), // configuration only
    ];
    const { findings, addonStates } = evaluate(events, defaultConfig());
    const changes = byRule(findings, "addon-version-changed");
    expect(changes.map((f) => [f.facts.fromVersion, f.facts.toVersion, f.facts.features])).toEqual([
      [null, "v1.19.3-eksbuild.1", []],
      ["v1.19.3-eksbuild.1", "v1.19.3-eksbuild.1", ["custom-networking"]],
      ["v1.19.3-eksbuild.1", "v1.19.4-eksbuild.1", ["custom-networking"]],
    ]);
    expect(changes[2]!.severity).toBe("critical");
    expect(changes[2]!.knownIssues).toEqual(["vpc-cni-v1.19.4-custom-networking-sgp-node-init"]);
    expect(addonStates.get("111122223333|us-west-2|demo-cluster|vpc-cni")).toEqual({
      version: "v1.19.4-eksbuild.1",
      features: ["custom-networking"],
      timeMs: Date.parse("2025-06-04T09:20:00Z"),
    });
  });

  it("forgets a deleted add-on unless it was preserved", () => {
    const gone = evaluate(
      [call("CreateAddon", { addonVersion: "v1.19.5-eksbuild.1" }, 0), call("DeleteAddon", {}, 1), call("CreateAddon", { addonVersion: "v1.20.0-eksbuild.1" }, 2)],
      defaultConfig(),
    );
    expect(byRule(gone.findings, "addon-version-changed").map((f) => f.facts.fromVersion)).toEqual([null, null]);
    expect(byRule(gone.findings, "addon-deleted")[0]!.facts.lastVersion).toBe("v1.19.5-eksbuild.1");

    const kept = evaluate(
      [call("CreateAddon", { addonVersion: "v1.19.5-eksbuild.1" }, 0), call("DeleteAddon", { preserve: true }, 1), call("CreateAddon", { addonVersion: "v1.20.0-eksbuild.1" }, 2)],
      defaultConfig(),
    );
    expect(byRule(kept.findings, "addon-version-changed").map((f) => f.facts.fromVersion)).toEqual([null, "v1.19.5-eksbuild.1"]);
  });

  it("keys the state by account, region, cluster and add-on", () => {
    const f = evaluate([call("CreateAddon", { addonName: "coredns", addonVersion: "v1.11.1-eksbuild.4" }, 0)], defaultConfig()).findings[0]!;
    expect(addonVersionChanged.addonUpdate?.(f)?.key).toBe("111122223333|us-west-2|demo-cluster|coredns");
  });
});
