import { describe, expect, it } from "vitest";
import { parseAuditorSettings } from "../../../shared/settings.ts";
import { isAllowed, defaultConfig, parseDuration } from "../../../shared/config.ts";
import { ConfigError } from "../../../shared/errors.ts";

describe("settings", () => {
  it("parses the documented keys", () => {
    const s = parseAuditorSettings(
      JSON.stringify({ window: "15m", extraSystemUsers: ["eks:foo"], allow: { "aws-node-modified": ["system:serviceaccount:argocd:*"] } }),
      "test",
    );
    expect(s.windowMs).toBe(15 * 60_000);
    expect(s.extraSystemUsers).toEqual(["eks:foo"]);
    const cfg = defaultConfig(s);
    expect(isAllowed(cfg, "aws-node-modified", "system:serviceaccount:argocd:argocd-application-controller")).toBe(true);
    expect(isAllowed(cfg, "aws-node-modified", "kubernetes-admin")).toBe(false);
    expect(isAllowed(cfg, "system-forbidden", "system:serviceaccount:argocd:x")).toBe(false);
  });

  it.each([
    ["not json", "{"],
    ["an array", "[]"],
    ["an unknown key", '{"windwo":"1h"}'],
    ["an unknown rule", '{"disabledRules":["nope"]}'],
    ["a non-string list", '{"cniRoleArns":[1]}'],
    ["a bad window", '{"window":"soon"}'],
  ])("rejects %s with a ConfigError", (_what, text) => {
    expect(() => parseAuditorSettings(text, "AUDITOR_CONFIG")).toThrow(ConfigError);
  });

  it("parses durations", () => {
    expect(parseDuration("1h")).toBe(3_600_000);
    expect(parseDuration("90s")).toBe(90_000);
    expect(() => parseDuration("0s")).toThrow(ConfigError);
  });
});
