// What an e-mail reader should get for an alert: a subject within SNS's limits and a plain
// text body (mail clients show SNS e-mail as text). Remediation Markdown is flattened to
// text: fences dropped, code and bold markers removed, backslash escapes resolved.
import { replaceControlRuns, replaceControlsKeepingLines } from "../core/text.ts";
import { snsSubject } from "../sinks/sns.ts";
import { updateReason, type Delivery } from "../sinks/sink.ts";

function plainMarkdown(md: string): string {
  return md
    .replace(/\r\n/g, "\n")
    .split("\n")
    .filter((l) => !/^\s*`{3,}/.test(l))
    .map((l) => l.replace(/\*\*/g, "").replace(/`/g, "").replace(/\\([\\`*_[\]<>|~&()#+!{}.-])/g, "$1"))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Control characters out, so an event cannot forge lines of the mail (headers are SNS's). */
const oneLine = (s: string): string => replaceControlRuns(s, " ");

export function emailMessage(delivery: Delivery): { subject: string; body: string } {
  const { alert: a, kind } = delivery;
  const lines = [
    oneLine(a.title),
    "",
    `Severity:  ${a.severity}`,
    `Rule:      ${a.rule}`,
    `Cluster:   ${oneLine(a.cluster ?? "unknown")}`,
    `Account:   ${a.account ?? "unknown"}   Region: ${a.region ?? "unknown"}`,
    `Events:    ${a.count}`,
    ...(kind === "update" ? [`Update:    ${updateReason(delivery)}`] : []),
    `Seen:      ${a.firstSeen} to ${a.lastSeen}`,
  ];
  if (a.knownIssues.length) lines.push(`Known:     ${a.knownIssues.join(", ")}`);
  lines.push("", "What to do", "----------", plainMarkdown(replaceControlsKeepingLines(a.remediation, " ")));
  if (a.references.length) lines.push("", "References", ...a.references.map((r) => `  ${oneLine(r)}`));
  lines.push("", `Dedup key: ${oneLine(a.dedupKey)}`);
  return { subject: snsSubject(delivery), body: `${lines.join("\n")}\n` };
}
