// SNS: a pure Publish input builder and a thin send(). The Message is the contract's alert
// JSON (subscribers parse it); attributes rule/severity/cluster/kind let them filter.

import { PublishCommand, type PublishCommandInput, type SNSClient } from "@aws-sdk/client-sns";
import { SinkDeliveryError } from "../errors.ts";
import type { Alert, Severity } from "../types.ts";
import { defangLinks } from "../render/defang.ts";
import { showHidden } from "../render/visible.ts";
import type { AlertSink, Delivery } from "./sink.ts";

/** SNS: subject "less than 100 characters", ASCII, no line breaks or control characters. */
export const SUBJECT_MAX = 99;
/** SNS allows 256 KiB for message plus attributes; keep a margin for the attributes. */
export const MESSAGE_MAX_BYTES = 250_000;

const LOOKALIKES: Array<[RegExp, string]> = [
  [/[\u2014\u2013\u2212]/g, "-"],
  [/\u00b7/g, "-"],
  [/\u2192/g, "->"],
  [/\u00d7/g, "x"],
  [/[\u2018\u2019]/g, "'"],
  [/[\u201c\u201d]/g, '"'],
  [/\u2026/g, "..."],
];

/**
 * Printable ASCII on one line: hidden characters shown (`<U+202E>`), links defanged, look-alikes
 * mapped, anything else dropped, spaces collapsed.
 */
export function asciiLine(text: string): string {
  let s = defangLinks(showHidden(text));
  for (const [re, to] of LOOKALIKES) s = s.replace(re, to);
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export function snsSubject(delivery: Delivery): string {
  const { alert, kind } = delivery;
  const raw = `[${alert.severity.toUpperCase()}] ${kind === "update" ? "update: " : ""}${alert.rule} ${alert.cluster ?? "unknown-cluster"}: ${alert.title}`;
  const s = asciiLine(raw);
  return s.length <= SUBJECT_MAX ? s : `${s.slice(0, SUBJECT_MAX - 3).trimEnd()}...`;
}

/**
 * The alert JSON as an e-mail subscriber reads it: no live link from event text, no hidden text, yet it parses
 * back to exactly the alert. JSON lets any character be written as `\uXXXX`: the slashes of
 * `scheme://`, the dot of `www.`, the colon of `mailto:` and every bidi or zero-width character
 * are written that way, so mail clients find no link and the reader sees `\u202e`.
 */
function inertJsonText(json: string): string {
  return json
    .replace(/[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(/:\/\//g, ":\\u002f\\u002f")
    .replace(/\b(www)\./gi, "$1\\u002e")
    .replace(/\b(mailto):/gi, "$1\\u003a");
}

/** `inertJson` of an alert; its `references` (the tool's own links) stay live. */
export function inertJson(alert: Alert): string {
  const json = JSON.stringify(alert);
  // Quotes inside strings are escaped, so this key and value cannot be forged by event text.
  const refs = `"references":${JSON.stringify(alert.references)},"samples":`;
  const at = json.indexOf(refs);
  if (at < 0) return inertJsonText(json);
  return inertJsonText(json.slice(0, at)) + refs + inertJsonText(json.slice(at + refs.length));
}

/** The alert JSON, shrunk (facts, then remediation) only if it would not fit in an SNS message. */
export function snsMessage(alert: Alert): string {
  const json = inertJson(alert);
  if (Buffer.byteLength(json) <= MESSAGE_MAX_BYTES) return json;
  const lean: Alert = { ...alert, facts: { truncated: true }, samples: alert.samples.slice(0, 5) };
  const leanJson = inertJson(lean);
  if (Buffer.byteLength(leanJson) <= MESSAGE_MAX_BYTES) return leanJson;
  // Still too big: an event string (a name, an id, a sample) is huge. Cap every string, more
  // tightly the second time, which always fits (SNS refuses the message otherwise: alert lost).
  let capped = "";
  for (const [remediationMax, stringMax] of [[50_000, 1_000], [2_000, 200]] as const) {
    capped = inertJsonText(
      JSON.stringify(lean, (key, v: unknown) => {
        const max = key === "remediation" ? remediationMax : stringMax;
        return typeof v === "string" && v.length > max ? `${v.slice(0, max)}… (truncated)` : v;
      }),
    );
    if (Buffer.byteLength(capped) <= MESSAGE_MAX_BYTES) break;
  }
  return capped;
}

export function buildSnsPublish(delivery: Delivery, topicArn: string): PublishCommandInput {
  const { alert, kind } = delivery;
  const attr = (v: string) => ({ DataType: "String", StringValue: v });
  // Attributes count toward SNS's size limit and must be printable: the cluster comes from events.
  const cluster = alert.cluster ? asciiLine(alert.cluster).slice(0, 256) : "";
  return {
    TopicArn: topicArn,
    Subject: snsSubject(delivery),
    Message: snsMessage(alert),
    MessageAttributes: {
      rule: attr(alert.rule),
      severity: attr(alert.severity),
      kind: attr(kind),
      ...(cluster ? { cluster: attr(cluster) } : {}),
    },
  };
}

interface SdkError {
  name?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

const THROTTLING = new Set(["Throttling", "ThrottlingException", "ThrottledException", "RequestLimitExceeded", "KMSThrottlingException"]);

/** Retryable: 5xx, throttling, or no HTTP answer at all (network, timeout). */
export function isRetryableSnsError(e: unknown): boolean {
  const err = e as SdkError;
  const status = err.$metadata?.httpStatusCode;
  if (err.$retryable) return true;
  if (err.name && THROTTLING.has(err.name)) return true;
  return status === undefined || status >= 500 || status === 429;
}

export interface SnsSinkOptions {
  topicArn: string;
  minSeverity: Severity;
  client: SNSClient;
}

export function snsSink(opts: SnsSinkOptions): AlertSink {
  return {
    name: "sns",
    minSeverity: opts.minSeverity,
    async send(delivery) {
      try {
        await opts.client.send(new PublishCommand(buildSnsPublish(delivery, opts.topicArn)));
      } catch (e) {
        const err = e as SdkError & Error;
        const status = err.$metadata?.httpStatusCode;
        throw new SinkDeliveryError("sns", `Publish failed: ${err.name ?? "Error"}${status ? ` (HTTP ${status})` : ""}`, {
          retryable: isRetryableSnsError(e),
          cause: e,
        });
      }
    },
  };
}
