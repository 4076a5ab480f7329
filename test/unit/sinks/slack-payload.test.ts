import { describe, expect, it } from "vitest";
import { buildSlackPayload, SLACK_LIMITS, type SlackBlock } from "../../../shared/sinks/slack.ts";
import { defang, neutralizeFormatting, safeMrkdwn, truncate } from "../../../shared/sinks/slack-text.ts";
import { remediationSections } from "../../../shared/sinks/slack-blocks.ts";
import { withRemediation } from "../../../shared/render/attached.ts";
import { toMarkdown } from "../../../shared/render/markdown.ts";
import { code, commands, md, remediation, section, type Remediation } from "../../../shared/render/remediation.ts";
import { cmd } from "../../../shared/render/shell.ts";
import { check as auditLoggingOff } from "../../../shared/fleet/checks/audit-logging-off.ts";
import { runFleetChecks } from "../../../shared/fleet/evaluate.ts";
import { makeCluster, makeSnapshot } from "../fleet/cluster-fixture.ts";
import type { Delivery } from "../../../shared/sinks/sink.ts";
import type { Alert } from "../../../shared/types.ts";

const DOC = remediation(
  section("What", md`${code("eks:vpc-resource-controller")} was refused ${code("patch")} on ${code("cninodes.vpcresources.k8s.aws")}.`),
  section("Fix (lasting)", [
    md`upgrade the control plane to 1.30 or later:`,
    commands("", cmd("aws", "eks", "update-cluster-version", "--name", "pay-prod-1", "--kubernetes-version", "1.30")),
  ]),
);

/** An alert as rendered in the process: its Markdown and the model it came from. */
function alert(over: Partial<Alert> = {}, doc: Remediation = DOC): Alert {
  return withRemediation({
    rule: "cninodes-forbidden",
    severity: "high",
    title: "The VPC resource controller is forbidden to patch CNINode objects — 600 denials on 20 nodes",
    cluster: "pay-prod-1",
    account: "444455556666",
    region: "eu-central-1",
    dedupKey: "444455556666|eu-central-1|cninodes-forbidden|pay-prod-1",
    count: 600,
    firstSeen: "2026-03-01T02:00:00.000Z",
    lastSeen: "2026-03-01T02:40:00.000Z",
    facts: { verbs: ["patch"], nodes: ["ip-10-12-0-0", "ip-10-12-1-7"], nodeCount: 20 },
    knownIssues: ["vpc-resource-controller-cninodes-rbac"],
    remediation: toMarkdown(doc),
    references: ["https://github.com/aws/amazon-vpc-cni-k8s/issues/2926", "javascript:alert(1)", "http://insecure.example/x"],
    samples: ["8c1f3a52-0d7e-4f8b-9a51-2b6f0c9e7d14"],
    ...over,
  }, doc);
}
const open = (a: Alert): Delivery => ({ alert: a, kind: "open", previouslyReported: 0 });

function texts(blocks: SlackBlock[]): Array<{ type: string; text: string }> {
  const out: Array<{ type: string; text: string }> = [];
  for (const b of blocks) {
    if ("text" in b && b.text) out.push(b.text);
    if ("fields" in b && b.fields) out.push(...b.fields);
    if ("elements" in b) out.push(...b.elements);
  }
  return out;
}

describe("buildSlackPayload", () => {
  it("reads like the alert examples: severity, where, count and times, remediation with code, references as links", () => {
    const p = buildSlackPayload(open(alert()));
    expect(p.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "🟠 HIGH · cninodes-forbidden · pay-prod-1", emoji: false } });
    const all = texts(p.blocks).map((t) => t.text);
    expect(all).toContain("Count: 600");
    expect(all).toContain("Account · Region: 444455556666 · eu-central-1");
    expect(all).toContain("First seen: 2026-03-01 02:00:00 UTC");
    const remediation = all.find((t) => t.includes("*What:*"))!;
    expect(remediation).toContain("• *What:* `eks:vpc-resource-controller` was refused `patch`");
    expect(remediation).toContain("```\naws eks update-cluster-version --name pay-prod-1 --kubernetes-version 1.30\n```");
    const links = all.find((t) => t.includes("<https://"))!;
    expect(links).toBe("<https://github.com/aws/amazon-vpc-cni-k8s/issues/2926|amazon-vpc-cni-k8s #2926>");
    expect(p.text).toContain("HIGH cninodes-forbidden · pay-prod-1: The VPC resource controller");
    expect(texts(p.blocks).every((t) => t.type === "plain_text" || ("verbatim" in t && t.verbatim === true))).toBe(true);
  });

  it("says an update is the closed window's true count", () => {
    const p = buildSlackPayload({ alert: alert({ count: 512 }), kind: "update", previouslyReported: 3 });
    expect(texts(p.blocks).map((t) => t.text)).toContain("*Window closed: 512 events (3 reported earlier)*");
    expect(p.text).toContain("Window closed: 512 events (3 reported earlier)");
  });

  it("keeps event text inert everywhere: no mentions, links or formatting", () => {
    const evil = "<!channel> <@U123> <https://evil|click> *bold* https://evil.example www.evil.example @everyone _i_ ~s~ `c`";
    const p = buildSlackPayload(
      open(
        alert(
          { title: `changed by ${evil}`, cluster: evil, facts: { user: evil } },
          remediation(section("What", [md`${code(evil)} ran ${evil}`, commands("", cmd("kubectl", ["--as=", evil]))])),
        ),
      ),
    );
    const body = JSON.stringify(p);
    for (const bad of ["<!channel>", "<@U123>", "<https://evil", "https://evil", "www.evil", "evil.example", "@everyone"]) expect(body).not.toContain(bad);
    for (const t of [p.text, ...texts(p.blocks).filter((t) => t.type === "mrkdwn").map((t) => t.text)]) {
      const prose = t.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
      expect(prose).not.toMatch(/\*bold\*|_i_|~s~|`/);
      expect(t.replace(/<https:\/\/github\.com\/[^|>]+\|[^>]+>/g, "")).not.toMatch(/[<>]/);
    }
  });

  it("stays within Slack's limits whatever the alert holds, truncating with a marker", () => {
    const huge = "x".repeat(10_000);
    const steps = remediation(
      ...Array.from({ length: 120 }, (_, i) => section(`Step ${i}`, [md`${"do this & that ".repeat(30)}`, commands("", cmd(..."cmd ".repeat(900).trim().split(" ")))])),
    );
    const p = buildSlackPayload(
      open(alert({ title: huge, cluster: huge, facts: { nodes: Array.from({ length: 5000 }, (_, i) => `node-${i}`) }, samples: [huge] }, steps)),
    );
    expect(p.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    const header = p.blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.header);
    for (const b of p.blocks) {
      if (b.type === "section" && b.text) expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.section);
      if (b.type === "section" && b.fields) for (const f of b.fields) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.field);
      if (b.type === "context") for (const e of b.elements) expect(e.text.length).toBeLessThanOrEqual(SLACK_LIMITS.context);
    }
    expect(p.text.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
    expect(JSON.stringify(p)).toContain("… (truncated)");
    expect(JSON.stringify(p.blocks.at(-3))).toMatch(/more sections truncated/);
    // Every code block that was cut stays a closed code block.
    for (const t of texts(p.blocks)) expect((t.text.match(/```/g) ?? []).length % 2).toBe(0);
  });
});

describe("Slack text helpers", () => {
  it("defangs links and broadcasts but leaves ordinary names alone", () => {
    expect(defang("see https://a.b/c?d")).toBe("see hxxps[:]//a[.]b/c?d");
    expect(defang("@channel @here")).toBe("@\u200bchannel @\u200bhere");
    expect(defang("system:serviceaccount:kube-system:aws-node")).toBe("system:serviceaccount:kube-system:aws-node");
    expect(defang("arn:aws:iam::111122223333:role/x")).toBe("arn:aws:iam::111122223333:role/x");
  });

  it("neutralizes formatting markers except underscores inside words", () => {
    expect(neutralizeFormatting("AWSReservedSSO_Developer_abc *b* _i_ ~s~ `c`")).toBe("AWSReservedSSO_Developer_abc ∗b∗ ˍiˍ ∼s∼ ˋcˋ");
    expect(safeMrkdwn("a & <b>")).toBe("a &amp; &lt;b&gt;");
  });

  it("truncates without splitting an entity", () => {
    expect(truncate("abc &amp; def", 8, "…")).toBe("abc …");
    expect(truncate("short", 10)).toBe("short");
  });

  it("splits long code into closed blocks", () => {
    const lines = Array.from({ length: 400 }, (_, i) => cmd("line", String(i), "y".repeat(20)));
    const sections = remediationSections(remediation(commands("", ...lines)), 3000);
    expect(sections.length).toBeGreaterThan(3);
    for (const s of sections) {
      expect(s.length).toBeLessThanOrEqual(3000);
      expect(s.startsWith("```\n") && s.endsWith("\n```")).toBe(true);
    }
  });
});

describe("fleet findings in Slack", () => {
  it("show API values as they are, without Markdown's backslash escapes (issue 16.1)", () => {
    const [finding] = runFleetChecks(makeSnapshot([makeCluster({ name: "eks_cluster_prod [blue]", enabledLogTypes: [] })]), [auditLoggingOff]);
    expect(finding!.remediation).toContain('stands in for "eks\\_cluster\\_prod \\[blue\\]"'); // Markdown escapes it
    const mrkdwn = texts(buildSlackPayload(open(finding!)).blocks).filter((t) => t.type === "mrkdwn").map((t) => t.text).join("\n");
    expect(mrkdwn).toContain('`&lt;cluster-name&gt;` stands in for "eks_cluster_prod [blue]", which is not a valid EKS cluster name');
    expect(mrkdwn).toContain("aws eks update-cluster-config --region us-west-2 --name &lt;cluster-name&gt; --logging");
    expect(mrkdwn).not.toContain("\\_");
  });
});
