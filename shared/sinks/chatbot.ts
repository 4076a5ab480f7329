// AWS Chatbot (Amazon Q Developer in chat applications) custom notifications: the JSON a topic
// that Chatbot reads must carry (documented event schema: version "1.0", source "custom",
// content.textType "client-markdown", title, description, nextSteps, keywords; metadata with a
// threadId, so a window's update lands in the thread of its opening message). Event text is
// Markdown-escaped after `neutral` and never makes a mention (`@channel`, `<!here>`); only the
// tool's own https references become links.
import { createHash } from "node:crypto";
import { remediationOf } from "../render/attached.ts";
import { mdEscape, toMarkdown } from "../render/markdown.ts";
import { neutral } from "../render/neutral.ts";
import { partitionOf } from "../output/product.ts";
import type { Severity } from "../types.ts";
import { messageKind, updateReason, type Delivery } from "./sink.ts";

const BADGE: Record<Severity, string> = { critical: ":red_circle:", high: ":large_orange_circle:", medium: ":large_yellow_circle:", low: ":large_blue_circle:", info: ":white_circle:" };
/** Kept short: chat clients fold long messages, and the full alert is on the topic's JSON subscribers. */
export const CHATBOT_MAX_BYTES = 30_000;

export interface ChatbotNotification {
  version: "1.0";
  source: "custom";
  id: string;
  content: { textType: "client-markdown"; title: string; description: string; nextSteps: string[]; keywords: string[] };
  metadata: { threadId: string; summary: string; eventType: string; relatedResources: string[]; additionalContext: Record<string, string> };
}

/**
 * No mention or Slack control sequence, wherever it comes from (values inside the remediation's
 * Markdown too): a zero-width space after the `@` of `@here`, after the `<` of `<!channel>`.
 */
export function noMentions(s: string): string {
  return s.replace(/@(channel|here|everyone)\b/gi, "@\u200b$1").replace(/<([@#!])/g, "<\u200b$1");
}

/** Event text for client-markdown: inert, escaped, no mention. */
export function chatText(s: string): string {
  return noMentions(mdEscape(neutral(s)));
}

const digest = (s: string): string => createHash("sha256").update(s).digest("hex").slice(0, 32);

function cap(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export function chatbotNotification(delivery: Delivery, descriptionMax = 8_000): ChatbotNotification {
  const { alert: a } = delivery;
  // "resolved" apart from "update": its count can equal the closing update's, and ids must differ.
  const kind = messageKind(delivery);
  const cluster = cap(chatText(a.cluster ?? "unknown cluster"), 200);
  const refs = a.references.filter((r) => /^https:\/\/[^\s<>()[\]"]+$/.test(r));
  const head = [
    ...(kind !== "open" ? [`**${chatText(updateReason(delivery))}**`] : []),
    cap(chatText(a.title), 1_000),
    `**Cluster** ${cluster} · **Account** ${cap(chatText(a.account ?? "unknown"), 100)} · **Region** ${cap(chatText(a.region ?? "unknown"), 100)}`,
    `**Events** ${a.count} · ${a.firstSeen} → ${a.lastSeen}`,
    ...(a.knownIssues.length ? [`**Known issues** ${chatText(a.knownIssues.join(", "))}`] : []),
  ].join("\n");
  const tail = [...(refs.length ? [refs.map((r) => `<${r}>`).join(" · ")] : []), `key: \`${noMentions(neutral(a.dedupKey)).slice(0, 300)}\``].join("\n");
  const remediation = toMarkdown(remediationOf(a));
  const room = Math.max(200, descriptionMax - head.length - tail.length - 4);
  const windowId = `${a.dedupKey}\u0000${a.firstSeen}`;
  // Only a name EKS accepts makes an ARN (hostile text stays out of Chatbot's resource list).
  const named = a.cluster !== null && /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(a.cluster) && /^\d{12}$/.test(a.account ?? "") && /^[a-z0-9-]{1,30}$/.test(a.region ?? "");
  const arn = named && a.cluster && a.account && a.region ? `arn:${partitionOf(a.region)}:eks:${a.region}:${a.account}:cluster/${a.cluster}` : null;
  return {
    version: "1.0",
    source: "custom",
    id: `${digest(windowId)}-${kind}-${a.count}`,
    content: {
      textType: "client-markdown",
      title: cap(`${BADGE[a.severity]} ${a.severity.toUpperCase()} · ${a.rule} · ${cluster}`, 250),
      description: `${head}\n\n${cap(noMentions(remediation), room)}\n\n${tail}`,
      nextSteps: [`Follow the fix above, then check that the next window brings no new alert for ${a.rule} on ${cluster}`],
      keywords: [a.severity, a.rule, cluster],
    },
    metadata: {
      threadId: digest(windowId),
      summary: cap(`${a.severity.toUpperCase()} ${a.rule} on ${cluster}: ${a.count} events`, 250),
      eventType: a.rule,
      relatedResources: arn ? [arn] : [],
      additionalContext: { dedupKey: cap(noMentions(neutral(a.dedupKey)), 1000), kind, count: String(a.count) },
    },
  };
}

/** The notification as a string within `maxBytes` as `measure` counts it (the description shrinks). */
export function chatbotMessage(delivery: Delivery, maxBytes: number, measure: (s: string) => number): string {
  let max = 8_000;
  let json = JSON.stringify(chatbotNotification(delivery, max));
  while (measure(json) > maxBytes && max > 500) {
    max = Math.floor(max / 2);
    json = JSON.stringify(chatbotNotification(delivery, max));
  }
  return json;
}
