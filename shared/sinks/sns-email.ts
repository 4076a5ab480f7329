// What an e-mail subscriber reads: SNS mails the `email` message as plain text under the
// subject. A summary first, then what to do (the remediation model as plain text, commands on
// their own lines to copy), then the references. Event text is made inert (`neutral`: one
// line, hidden characters shown, links defanged); only the tool's own https references stay live.
import { remediationOf } from "../render/attached.ts";
import { neutral } from "../render/neutral.ts";
import { toText } from "../render/text.ts";
import { replaceControlsKeepingLines } from "../core/text.ts";
import { messageKind, updateReason, type Delivery } from "./sink.ts";
import { snsSubject } from "./sns-subject.ts";

/** The e-mail body's share of the SNS message (as counted inside the JSON envelope). */
export const EMAIL_MAX_BYTES = 64_000;

const httpsOnly = (refs: readonly string[]): string[] => refs.filter((r) => /^https:\/\/[^\s<>"]+$/.test(r));

function cut(text: string, fits: (s: string) => boolean): string {
  if (fits(text)) return text;
  const note = "\n\n… (cut to fit an SNS message; the full alert is in the JSON subscribers get)\n";
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(text.slice(0, mid) + note)) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo) + note;
}

export function emailMessage(delivery: Delivery, fits: (body: string) => boolean = () => true): { subject: string; body: string } {
  const { alert: a } = delivery;
  const lines = [
    neutral(a.title),
    "",
    ...(messageKind(delivery) !== "open" ? [neutral(updateReason(delivery)), ""] : []),
    `Severity:  ${a.severity}`,
    `Rule:      ${a.rule}`,
    `Cluster:   ${neutral(a.cluster ?? "unknown")}`,
    `Account:   ${neutral(a.account ?? "unknown")}   Region: ${neutral(a.region ?? "unknown")}`,
    `Events:    ${a.count}`,
    `Seen:      ${a.firstSeen} to ${a.lastSeen}`,
  ];
  if (a.knownIssues.length) lines.push(`Known:     ${neutral(a.knownIssues.join(", "))}`);
  // The model's text is the tool's own; values inside it are already neutral (text.ts).
  lines.push("", "What to do", "----------", replaceControlsKeepingLines(toText(remediationOf(a)), " "));
  const refs = httpsOnly(a.references);
  if (refs.length) lines.push("", "References", ...refs.map((r) => `  ${r}`));
  lines.push("", `Dedup key: ${neutral(a.dedupKey)}`);
  return { subject: snsSubject(delivery), body: cut(`${lines.join("\n")}\n`, fits) };
}
