import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { AUDIT_RULE_IDS, CLOUDTRAIL_RULE_IDS, METRICS_RULE_IDS, RULE_IDS } from "../../../shared/rules/ids.ts";
import { AUDIT_RULES, CLOUDTRAIL_RULES, EVENT_RULES, METRICS_RULES, RULES, addonUpdatesFor, matchAll, ruleById } from "../../../shared/rules/index.ts";
import type { RuleId } from "../../../shared/types.ts";
import { caseEvent, loadRuleFixtures, ruleContext } from "../../helpers/events.ts";

const rulesDir = fileURLToPath(new URL("../../../shared/rules/", import.meta.url));

const first = (rule: RuleId, name: string) => {
  const c = loadRuleFixtures(rule).cases.find((x) => x.name.startsWith(name));
  if (!c) throw new Error(`no fixture ${rule}: ${name}`);
  return c;
};

describe("rule registry", () => {
  it("has every rule id once, each source's set exactly its ids", () => {
    expect(new Set(RULE_IDS).size).toBe(RULE_IDS.length);
    expect(RULES.map((r) => r.id)).toEqual(RULE_IDS);
    expect(AUDIT_RULES.rules.map((r) => r.id)).toEqual(AUDIT_RULE_IDS);
    expect(CLOUDTRAIL_RULES.rules.map((r) => r.id)).toEqual(CLOUDTRAIL_RULE_IDS);
    for (const r of AUDIT_RULES.rules) expect(r.source).toBe("audit");
    for (const r of CLOUDTRAIL_RULES.rules) expect(r.source).toBe("cloudtrail");
    expect(METRICS_RULES.rules.map((r) => r.id)).toEqual(METRICS_RULE_IDS);
    for (const r of METRICS_RULES.rules) expect(r.source).toBe("metrics");
  });

  it("has a rule in a set for every rule file, and fixtures for every rule", async () => {
    for (const name of readdirSync(rulesDir).filter((f) => f.endsWith(".ts"))) {
      const mod = (await import(`${rulesDir}${name}`)) as Record<string, unknown>;
      const rules = Object.values(mod).filter((v) => RULES.includes(v as never));
      const declaresRule = /^export const \w+: (Audit|CloudTrail|Metrics)Rule = \{/m.test(readFileSync(`${rulesDir}${name}`, "utf8"));
      if (declaresRule) expect(rules.map((r) => (r as { id: string }).id), name).toEqual([name.replace(/\.ts$/, "")]);
    }
    for (const { id } of EVENT_RULES) expect(loadRuleFixtures(id).cases.length, id).toBeGreaterThan(0);
  });

  it("documents every rule id in the README's rule table (the contract)", () => {
    const readme = readFileSync(fileURLToPath(new URL("../../../README.md", import.meta.url)), "utf8");
    for (const id of RULE_IDS) expect(readme).toContain(`\`${id}\``);
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
