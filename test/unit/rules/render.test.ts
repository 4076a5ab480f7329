import { describe, expect, it } from "vitest";
import { foldFinding, openAlert } from "../../../shared/store/fold.ts";
import { EVENT_RULES, RULES } from "../../../shared/rules/index.ts";
import { toMarkdown } from "../../../shared/render/markdown.ts";
import type { Rule, Rendered } from "../../../shared/rules/rule.ts";
import type { FoldedAlert, K8sAuditRecord } from "../../../shared/types.ts";
import { auditEvent, caseEvent, loadRuleFixtures, ruleContext } from "../../helpers/events.ts";

const HOUR = 3_600_000;

/** The rendered alert with its remediation as the alert JSON carries it. */
const markdownOf = (r: Rendered) => ({ ...r, remediation: toMarkdown(r.remediation) });
const T0 = Date.parse("2024-05-27T02:00:00Z");

function bare(rule: Rule): FoldedAlert {
  return {
    rule: rule.id,
    dedupKey: `-|-|${rule.id}`,
    cluster: null,
    account: null,
    region: null,
    severity: rule.defaultSeverity,
    count: 2,
    firstSeenMs: T0,
    lastSeenMs: T0 + 60_000,
    newestMs: T0 + 60_000,
    windowStartMs: T0,
    windowEndMs: T0 + HOUR,
    facts: {},
    knownIssues: [],
    samples: [],
  };
}

describe("render", () => {
  for (const rule of RULES) {
    it(`${rule.id}: survives folded state without facts (older versions)`, () => {
      const r = markdownOf(rule.render(bare(rule)));
      expect(r.title.length).toBeGreaterThan(10);
      expect(r.remediation).toContain("**What:**");
      expect(r.remediation).toContain("**Check:**");
      // Commands keep a placeholder where the cluster is unknown, never a broken value.
      expect(r.remediation).not.toMatch(/--(cluster-name|name|cluster) (?!<cluster>)[^\s<]/);
      expect(`${r.title}\n${r.remediation}`).not.toMatch(/\bundefined\b|\[object Object\]|\bNaN\b/);
    });

  }
  for (const rule of EVENT_RULES) {
    it(`${rule.id}: reads in the standard order (what, impact, fix, check) with no placeholders leaking`, () => {
      for (const c of loadRuleFixtures(rule.id).cases.filter((x) => x.expect.match)) {
        const event = caseEvent(c);
        const f = rule.source === "audit" && event.source === "audit"
          ? rule.match(event, ruleContext(c.config, c.addonStates))
          : rule.source === "cloudtrail" && event.source === "cloudtrail"
            ? rule.match(event, ruleContext(c.config, c.addonStates))
            : undefined;
        const r = markdownOf(rule.render(openAlert(f!, HOUR)));
        const text = `${r.title}\n${r.remediation}`;
        expect(text, c.name).not.toMatch(/\bundefined\b|\[object Object\]|\bNaN\b|\bnull\b/);
        const at = (label: string) => r.remediation.indexOf(`**${label}`);
        expect(at("What"), c.name).toBe(2);
        if (at("Impact") >= 0) expect(at("Impact")).toBeGreaterThan(at("What"));
        expect(at("Fix"), c.name).toBeGreaterThan(at("What"));
        expect(at("Check"), c.name).toBeGreaterThan(at("Fix"));
        // Code fences open on their own line inside the list item.
        for (const line of r.remediation.split("\n")) if (line.includes("```")) expect(line.trim()).toBe("```");
      }
    });
  }
});

describe("folding by fact shape", () => {
  const rule = RULES.find((r) => r.id === "cninodes-forbidden")!;
  const sample = loadRuleFixtures("cninodes-forbidden").cases[0]!.record as K8sAuditRecord;

  it("caps node samples at 20 and counts every node", () => {
    let alert: FoldedAlert | undefined;
    for (let i = 0; i < 25; i++) {
      const rec: K8sAuditRecord = {
        ...sample,
        auditID: `id-${i}`,
        verb: i % 2 ? "patch" : "update",
        objectRef: { ...sample.objectRef, name: `ip-10-0-0-${i}.us-west-2.compute.internal` },
        stageTimestamp: new Date(T0 + i * 1000).toISOString(),
      };
      const f = rule.source === "audit" ? rule.match(auditEvent(rec), ruleContext()) : undefined;
      alert = alert ? foldFinding(alert, f!) : openAlert(f!, HOUR);
    }
    const r = markdownOf(rule.render(alert!));
    expect(r.facts?.nodeCount).toBe(25);
    expect(r.facts?.nodes).toHaveLength(20);
    expect(r.facts?.verbs).toEqual(["update", "patch"]);
    expect(r.title).toBe("The VPC resource controller is forbidden to update/patch CNINode objects — 25 denials on 25 nodes");
    expect(r.remediation).toContain("25 times between 2024-05-27 02:00 and 02:00 UTC");
    expect(r.remediation).toContain("+22 more");
  });

  it("adds action counters and caps session samples (eni-unauthorized)", () => {
    const eni = RULES.find((r) => r.id === "eni-unauthorized")!;
    const base = loadRuleFixtures("eni-unauthorized").cases.find((c) => c.name.startsWith("node instance role"))!;
    let alert: FoldedAlert | undefined;
    for (let i = 0; i < 8; i++) {
      const c = structuredClone(base);
      const d = (c.record as { detail: Record<string, unknown> }).detail;
      d.eventID = `e-${i}`;
      d.eventName = i < 5 ? "DescribeNetworkInterfaces" : "CreateNetworkInterface";
      d.eventTime = new Date(T0 + i * 60_000).toISOString().replace(".000", "");
      (d.userIdentity as { arn: string }).arn = `arn:aws:sts::111122223333:assumed-role/eks-node-group-role/i-0000000000000000${i}`;
      const event = caseEvent(c);
      const f = eni.source === "cloudtrail" && event.source === "cloudtrail" ? eni.match(event, ruleContext(c.config)) : undefined;
      alert = alert ? foldFinding(alert, f!) : openAlert(f!, HOUR);
    }
    expect(alert!.facts.actions).toEqual({ DescribeNetworkInterfaces: 5, CreateNetworkInterface: 3 });
    const r = markdownOf(eni.render(alert!));
    expect(r.facts?.sessionNames).toHaveLength(5);
    expect(r.facts?.instanceCount).toBe(8);
    expect(r.remediation).toContain("`ec2:DescribeNetworkInterfaces` ×5, `ec2:CreateNetworkInterface` ×3");
    expect(r.title).toBe("The VPC CNI is calling EC2 with the node's instance role and is denied — 8 calls");
  });
});
