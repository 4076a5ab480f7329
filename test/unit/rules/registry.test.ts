import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RULES, addonUpdatesFor, matchAll, ruleById } from "../../../shared/rules/index.ts";
import type { RuleId } from "../../../shared/types.ts";
import { caseEvent, loadRuleFixtures, ruleContext } from "../../helpers/events.ts";

const RULE_IDS: RuleId[] = [
  "cninodes-forbidden",
  "system-forbidden",
  "aws-node-modified",
  "eni-unauthorized",
  "credentials-denied",
  "addon-version-changed",
  "addon-deleted",
  "audit-logging-disabled",
  "auditor-tampered",
  "audit-source-silent",
];

const first = (rule: RuleId, name: string) => {
  const c = loadRuleFixtures(rule).cases.find((x) => x.name.startsWith(name));
  if (!c) throw new Error(`no fixture ${rule}: ${name}`);
  return c;
};

describe("rule registry", () => {
  it("has every contract rule id once", () => {
    expect(RULES.map((r) => r.id).sort()).toEqual([...RULE_IDS].sort());
  });

  it("keeps each rule in a file named after its id", async () => {
    for (const rule of RULES) {
      const path = fileURLToPath(new URL(`../../../shared/rules/${rule.id}.ts`, import.meta.url));
      expect(existsSync(path), path).toBe(true);
      const mod = (await import(path)) as Record<string, unknown>;
      expect(Object.values(mod)).toContain(rule);
      expect(readFileSync(path, "utf8")).toContain(`id: "${rule.id}"`);
    }
  });

  it("looks rules up by id", () => {
    for (const id of RULE_IDS) expect(ruleById(id)?.id).toBe(id);
  });

  it("documents each rule", () => {
    for (const r of RULES) {
      expect(r.summary.length).toBeGreaterThan(20);
      expect(r.dedupKeyDoc).toMatch(/^account \| region \| /);
      expect(r.references.length).toBeGreaterThan(0);
      for (const u of r.references) expect(u).toMatch(/^https:\/\//);
    }
  });
});

describe("matchAll", () => {
  const cninodes = first("cninodes-forbidden", "sample");
  const awsNodeWatch = first("system-forbidden", "aws-node cannot watch cninodes");

  it("gives the controller's cninodes 403 to cninodes-forbidden only", () => {
    expect(matchAll(caseEvent(cninodes), ruleContext()).map((f) => f.rule)).toEqual(["cninodes-forbidden"]);
  });

  it("gives aws-node's cninodes 403 to system-forbidden only", () => {
    expect(matchAll(caseEvent(awsNodeWatch), ruleContext()).map((f) => f.rule)).toEqual(["system-forbidden"]);
  });

  it("skips disabled rules", () => {
    expect(matchAll(caseEvent(cninodes), ruleContext({ disabledRules: ["cninodes-forbidden"] }))).toEqual([]);
  });

  it("drops allow-listed actors, exactly or by prefix, for that rule only", () => {
    const event = caseEvent(cninodes);
    expect(matchAll(event, ruleContext({ allow: { "cninodes-forbidden": ["eks:vpc-resource-controller"] } }))).toEqual([]);
    expect(matchAll(event, ruleContext({ allow: { "cninodes-forbidden": ["eks:*"] } }))).toEqual([]);
    expect(matchAll(event, ruleContext({ allow: { "system-forbidden": ["eks:*"] } }))).toHaveLength(1);
  });

  it("allow-lists CloudTrail rules by role ARN", () => {
    const event = caseEvent(first("eni-unauthorized", "sample"));
    const role = "arn:aws:iam::111122223333:role/AmazonEKSVPCCNIRole";
    expect(matchAll(event, ruleContext())).toHaveLength(1);
    expect(matchAll(event, ruleContext({ allow: { "eni-unauthorized": [role] } }))).toEqual([]);
  });

  it("returns nothing for events no rule is about", () => {
    expect(matchAll(caseEvent(first("aws-node-modified", "add-on manager")), ruleContext())).toEqual([]);
    expect(matchAll(caseEvent(first("eni-unauthorized", "RunInstances")), ruleContext())).toEqual([]);
  });
});

describe("addonUpdatesFor", () => {
  const update = first("addon-version-changed", "sample");

  it("learns add-on state even when the rule is disabled or the caller allow-listed", () => {
    const event = caseEvent(update);
    const expected = [
      { key: "111122223333|us-west-2|demo-cluster|vpc-cni", state: expect.objectContaining({ version: "v1.19.5-eksbuild.1" }) },
    ];
    expect(addonUpdatesFor(event, ruleContext())).toEqual(expected);
    expect(addonUpdatesFor(event, ruleContext({ disabledRules: ["addon-version-changed"] }))).toEqual(expected);
    expect(matchAll(event, ruleContext({ allow: { "addon-version-changed": ["arn:aws:iam::111122223333:role/platform-deployer"] } }))).toEqual([]);
    expect(addonUpdatesFor(event, ruleContext({ allow: { "addon-version-changed": ["arn:aws:iam::111122223333:role/platform-deployer"] } }))).toEqual(expected);
  });

  it("learns nothing from other events", () => {
    expect(addonUpdatesFor(caseEvent(first("addon-version-changed", "failed UpdateAddon")), ruleContext())).toEqual([]);
    expect(addonUpdatesFor(caseEvent(first("cninodes-forbidden", "sample")), ruleContext())).toEqual([]);
  });
});
