// Slack incoming webhook: a pure Block Kit payload builder and a thin send().
// Event-derived text is plain_text or escaped + defanged mrkdwn (see slack-text.ts); Slack's
// limits are met by truncating with a marker, never by failing the send.

import { replaceControls } from "../core/text.ts";
import { SinkDeliveryError, SinkRateLimitedError } from "../errors.ts";
import type { Alert, Severity } from "../types.ts";
import { remediationOf } from "../render/attached.ts";
import { messageKind, updateReason, type AlertSink, type Delivery } from "./sink.ts";
import { remediationSections, SECTION_TEXT_MAX } from "./slack-blocks.ts";
import { safeMrkdwn, safePlain, truncate } from "./slack-text.ts";

export const SLACK_LIMITS = { blocks: 50, header: 150, section: SECTION_TEXT_MAX, field: 2000, fields: 10, context: 2000, text: 3000 };

const BADGE: Record<Severity, string> = { critical: "🔴", high: "🟠", medium: "🟡", low: "🔵", info: "⚪" };

type Text = { type: "plain_text"; text: string; emoji: false } | { type: "mrkdwn"; text: string; verbatim: true };
export type SlackBlock =
  | { type: "header"; text: Text }
  | { type: "section"; text?: Text; fields?: Text[] }
  | { type: "context"; elements: Text[] }
  | { type: "divider" };
export interface SlackPayload {
  text: string;
  blocks: SlackBlock[];
  unfurl_links: false;
  unfurl_media: false;
}

export interface SlackPayloadOptions {
  /** Block budget (Slack allows 50). */
  maxBlocks?: number;
}

const plain = (text: string, max: number): Text => ({ type: "plain_text", text: truncate(safePlain(text), max), emoji: false });
const mrkdwn = (text: string): Text => ({ type: "mrkdwn", text, verbatim: true });

function factLine(name: string, v: Alert["facts"][string]): string {
  if (Array.isArray(v)) return `${name}: ${v.join(", ")}`;
  if (v !== null && typeof v === "object") return `${name}: ${Object.entries(v).map(([k, n]) => `${k} ×${n}`).join(", ")}`;
  return `${name}: ${String(v)}`;
}

/** "amazon-vpc-cni-k8s #2926" for GitHub issues and pulls, else host + path. */
function referenceLabel(url: URL): string {
  const gh = /^\/[^/]+\/([^/]+)\/(?:issues|pull)\/(\d+)/.exec(url.pathname);
  if (url.hostname === "github.com" && gh) return `${gh[1]} #${gh[2]}`;
  return (url.hostname + url.pathname).replace(/\/$/, "");
}

/** References come from the rules, but only well-formed https links are made clickable. */
function referenceLinks(refs: readonly string[]): string {
  const links: string[] = [];
  for (const r of refs) {
    let url: URL;
    try {
      url = new URL(r);
    } catch {
      continue;
    }
    if (url.protocol !== "https:" || /[<>|\s]/.test(r)) continue;
    links.push(`<${url.href}|${safeMrkdwn(referenceLabel(url)).replace(/[|]/g, "/")}>`);
  }
  let text = "";
  for (const l of links) {
    const next = text === "" ? l : `${text} · ${l}`;
    if (next.length > SLACK_LIMITS.context - 20) return `${text} · …`;
    text = next;
  }
  return text;
}

/** The fallback text is mrkdwn too: a line break or control character from an event must not shape it. */
const oneLine = (s: string): string => replaceControls(s, " ");

function when(iso: string): string {
  return iso.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC");
}

/** The Block Kit message for one delivery, within Slack's limits whatever the alert holds. */
export function buildSlackPayload(delivery: Delivery, opts: SlackPayloadOptions = {}): SlackPayload {
  const { alert } = delivery;
  const cluster = alert.cluster ?? "unknown cluster";
  const update = messageKind(delivery) !== "open";
  const closed = updateReason(delivery);
  const blocks: SlackBlock[] = [
    { type: "header", text: plain(`${BADGE[alert.severity]} ${alert.severity.toUpperCase()} · ${alert.rule} · ${cluster}`, SLACK_LIMITS.header) },
  ];
  if (update) blocks.push({ type: "section", text: mrkdwn(`*${closed}*`) });
  blocks.push({ type: "section", text: plain(alert.title, SLACK_LIMITS.section) });
  const fields: Array<[string, string]> = [
    ["Severity", alert.severity],
    ["Cluster", cluster],
    ["Account · Region", `${alert.account ?? "unknown"} · ${alert.region ?? "unknown"}`],
    ["Count", String(alert.count)],
    ["First seen", when(alert.firstSeen)],
    ["Last seen", when(alert.lastSeen)],
  ];
  blocks.push({ type: "section", fields: fields.map(([k, v]) => plain(`${k}: ${v}`, SLACK_LIMITS.field)) });
  const facts = Object.entries(alert.facts).map(([k, v]) => factLine(k, v));
  if (facts.length > 0) blocks.push({ type: "section", text: plain(facts.join("\n"), SLACK_LIMITS.section) });
  if (alert.knownIssues.length > 0) {
    blocks.push({ type: "context", elements: [plain(`Known issues: ${alert.knownIssues.join(", ")}`, SLACK_LIMITS.context)] });
  }
  blocks.push({ type: "divider" });
  for (const s of remediationSections(remediationOf(alert))) blocks.push({ type: "section", text: mrkdwn(s) });
  const tail: SlackBlock[] = [];
  const links = referenceLinks(alert.references);
  if (links !== "") tail.push({ type: "context", elements: [mrkdwn(links)] });
  const samples = alert.samples.length > 0 ? ` · samples: ${alert.samples.join(", ")}` : "";
  tail.push({ type: "context", elements: [plain(`key: ${alert.dedupKey}${samples}`, SLACK_LIMITS.context)] });
  const budget = Math.min(opts.maxBlocks ?? SLACK_LIMITS.blocks, SLACK_LIMITS.blocks) - tail.length;
  if (blocks.length > budget) {
    const dropped = blocks.length - (budget - 1);
    blocks.splice(budget - 1, blocks.length, {
      type: "context",
      elements: [plain(`… ${dropped} more sections truncated (Slack allows ${SLACK_LIMITS.blocks} blocks)`, SLACK_LIMITS.context)],
    });
  }
  const fallback = `${alert.severity.toUpperCase()} ${alert.rule} · ${cluster}: ${update ? `${closed}. ` : ""}${alert.title}`;
  return {
    text: truncate(safeMrkdwn(oneLine(fallback)), SLACK_LIMITS.text),
    blocks: [...blocks, ...tail],
    unfurl_links: false,
    unfurl_media: false,
  };
}

export interface SlackSinkOptions {
  /** The incoming-webhook URL: a secret, never logged or put in an error message. */
  webhookUrl: string;
  minSeverity: Severity;
  fetch?: typeof fetch;
  /** Per request (default 10 s). */
  timeoutMs?: number;
}

/** Retry-After in milliseconds; Slack sends whole seconds (an unreadable value means 1 s). */
export function retryAfterMs(header: string | null): number {
  const secs = header === null ? NaN : Number(header.trim());
  return Number.isFinite(secs) && secs >= 0 ? Math.ceil(secs * 1000) : 1000;
}

/** Why a request failed, without anything of the request itself (the URL is the secret). */
function describeFailure(e: unknown): string {
  if (!(e instanceof Error)) return "request failed";
  const code = (e.cause as { code?: unknown } | undefined)?.code;
  return e.name === "TimeoutError" || e.name === "AbortError" ? "request timed out" : `request failed${typeof code === "string" ? ` (${code})` : ""}`;
}

export function slackSink(opts: SlackSinkOptions): AlertSink {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return {
    name: "slack",
    minSeverity: opts.minSeverity,
    async send(delivery) {
      const body = JSON.stringify(buildSlackPayload(delivery));
      let res: Response;
      try {
        res = await doFetch(opts.webhookUrl, {
          method: "POST",
          headers: { "content-type": "application/json; charset=utf-8" },
          body,
          // A redirect is never followed: the alert would go wherever the answer points.
          redirect: "manual",
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        throw new SinkDeliveryError("slack", describeFailure(e), { retryable: true });
      }
      // Slack answers with a token ("no_service", "invalid_payload"); anything else, such as a
      // proxy's error page quoting the request URL (whose path is the secret), is not repeated.
      const said = (await res.text().catch(() => "")).trim();
      const answer = /^[a-z0-9_]{1,64}$/.test(said) ? said : said === "" ? "" : "(answer not shown)";
      // Delivered means Slack said exactly `ok`: a 200 with another body (an HTML page, a
      // captive portal, `invalid_payload`) or a redirect took nothing; the alert stays pending.
      if (res.status === 200 && said === "ok") return;
      if (res.status === 429) {
        throw new SinkRateLimitedError("slack", "rate limited (429)", retryAfterMs(res.headers.get("retry-after")));
      }
      if (res.type === "opaqueredirect" || (res.status >= 300 && res.status < 400)) {
        throw new SinkDeliveryError("slack", `redirect (HTTP ${res.status}) not followed`, { retryable: false });
      }
      if (res.ok) throw new SinkDeliveryError("slack", `HTTP ${res.status} without "ok"${answer ? `: ${answer}` : ""}`, { retryable: false });
      throw new SinkDeliveryError("slack", `HTTP ${res.status}${answer ? `: ${answer}` : ""}`, {
        retryable: res.status >= 500 || res.status === 408,
      });
    },
  };
}
