import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluate, uniqueInTimeOrder } from "../../../shared/pipeline.ts";
import { defaultConfig } from "../../../shared/config.ts";
import type { CloudTrailRecord } from "../../../shared/types.ts";
import { auditEvent, cloudTrailEvent } from "../../helpers/events.ts";

const updateAddon = JSON.parse(readFileSync("test/fixtures/sources/eventbridge-eks-updateaddon.json", "utf8")) as {
  detail: CloudTrailRecord;
};
const denied = JSON.parse(readFileSync("test/fixtures/sources/audit-403-cninodes.json", "utf8"));

function addonCall(version: string, minutes: number, eventID: string) {
  const t = new Date(Date.parse("2026-01-01T00:00:00Z") + minutes * 60_000).toISOString().replace(/\.\d+Z$/, "Z");
  return cloudTrailEvent({
    ...updateAddon.detail,
    eventTime: t,
    eventID,
    requestParameters: { ...updateAddon.detail.requestParameters, addonVersion: version },
  });
}

describe("evaluate", () => {
  it("keeps add-on state in event-time order whatever the input order", () => {
    const events = [addonCall("v1.19.5-eksbuild.1", 10, "b"), addonCall("v1.19.3-eksbuild.1", 0, "a")];
    const { findings } = evaluate(events, defaultConfig());
    expect(findings.map((f) => [f.facts.fromVersion, f.facts.toVersion])).toEqual([
      [null, "v1.19.3-eksbuild.1"],
      ["v1.19.3-eksbuild.1", "v1.19.5-eksbuild.1"],
    ]);
  });

  it("remembers add-on versions even when the rule's alerts are disabled", () => {
    const first = evaluate([addonCall("v1.19.3-eksbuild.1", 0, "a")], defaultConfig({ disabledRules: ["addon-version-changed"] }));
    expect(first.findings).toEqual([]);
    expect(first.changedAddonKeys).toHaveLength(1);
    const second = evaluate([addonCall("v1.19.5-eksbuild.1", 5, "b")], defaultConfig(), first.addonStates);
    expect(second.findings[0]?.facts.fromVersion).toBe("v1.19.3-eksbuild.1");
  });

  it("counts a record seen twice once, keeping the copy that knows its cluster", () => {
    const bare = auditEvent(denied, { cluster: null });
    const placed = auditEvent(denied, { cluster: "prod" });
    const { events, duplicates } = uniqueInTimeOrder([bare, placed]);
    expect(duplicates).toBe(1);
    expect(events.map((e) => e.cluster)).toEqual(["prod"]);
    const { findings, matched } = evaluate([bare, placed, bare], defaultConfig());
    expect(matched).toBe(1);
    expect(findings.map((f) => f.cluster)).toEqual(["prod"]);
  });
});
