// SNS: a pure Publish input builder and a thin send(). One Publish carries a message per
// protocol (`MessageStructure: "json"`): `email` subscribers read text (sns-email.ts); `default`
// (and so sqs, lambda, http/https, email-json, firehose) is the contract's alert JSON, which
// programs parse. A topic that AWS Chatbot reads (format "chatbot") carries Chatbot's
// custom-notification JSON in `default` and `https` (Chatbot subscribes over HTTPS), and the
// alert JSON in `sqs`, `lambda` and `email-json`. Attributes rule/severity/cluster/kind stay
// for filter policies (kind: open, update, or resolved: the sendResolved message). The whole envelope fits SNS's size limit, so every protocol's message does.

import type { PublishCommandInput, SNSClient } from "@aws-sdk/client-sns";
import { SinkDeliveryError } from "../errors.ts";
import type { SnsFormat } from "../output/formats.ts";
import type { Alert, Severity } from "../types.ts";
import { describeAwsError, isRetryableAwsError } from "./aws-errors.ts";
import { CHATBOT_MAX_BYTES, chatbotMessage } from "./chatbot.ts";
import { messageKind, type AlertSink, type Delivery } from "./sink.ts";
import { EMAIL_MAX_BYTES, emailMessage } from "./sns-email.ts";
import { envelopeBytes, fitAlertJson } from "./sns-json.ts";
import { asciiLine, snsSubject } from "./sns-subject.ts";

export { asciiLine, snsSubject, SUBJECT_MAX } from "./sns-subject.ts";
export { inertJson } from "./sns-json.ts";

/** SNS allows 256 KiB for message plus attributes; keep a margin for the attributes. */
export const MESSAGE_MAX_BYTES = 250_000;

export { SNS_FORMATS, type SnsFormat } from "../output/formats.ts";

/** Bytes of the envelope's braces, keys, colons and commas (5 keys at most). */
const ENVELOPE_OVERHEAD = 120;

/** The alert JSON alone, within the SNS limit (what a raw, unstructured Publish would carry). */
export function snsMessage(alert: Alert): string {
  return fitAlertJson(alert, MESSAGE_MAX_BYTES);
}

export type SnsMessages = { default: string; email: string } & Record<string, string>;

/** The per-protocol messages of one delivery, whose JSON envelope fits `MESSAGE_MAX_BYTES`. */
export function snsMessages(delivery: Delivery, format: SnsFormat = "alert"): SnsMessages {
  const email = emailMessage(delivery, (body) => envelopeBytes(body) <= EMAIL_MAX_BYTES).body;
  let room = MESSAGE_MAX_BYTES - ENVELOPE_OVERHEAD - envelopeBytes(email);
  if (format === "alert") {
    return { default: fitAlertJson(delivery.alert, room, envelopeBytes), email };
  }
  const chat = chatbotMessage(delivery, CHATBOT_MAX_BYTES, envelopeBytes);
  room -= 2 * envelopeBytes(chat);
  const json = fitAlertJson(delivery.alert, Math.floor(room / 3), envelopeBytes);
  return { default: chat, https: chat, sqs: json, lambda: json, "email-json": json, email };
}

export function buildSnsPublish(delivery: Delivery, topicArn: string, format: SnsFormat = "alert"): PublishCommandInput {
  const { alert } = delivery;
  const attr = (v: string) => ({ DataType: "String", StringValue: v });
  // Attributes count toward SNS's size limit and must be printable: the cluster comes from events.
  const cluster = alert.cluster ? asciiLine(alert.cluster).slice(0, 256) : "";
  return {
    TopicArn: topicArn,
    Subject: snsSubject(delivery),
    MessageStructure: "json",
    Message: JSON.stringify(snsMessages(delivery, format)),
    MessageAttributes: {
      rule: attr(alert.rule),
      severity: attr(alert.severity),
      kind: attr(messageKind(delivery)),
      ...(cluster ? { cluster: attr(cluster) } : {}),
    },
  };
}

/** Retryable: 5xx, throttling, or no HTTP answer at all (network, timeout). */
export const isRetryableSnsError = isRetryableAwsError;

export interface SnsSinkOptions {
  topicArn: string;
  minSeverity: Severity;
  /** The client, or how to make it on first send (its code then loads only when an alert goes out). */
  client: SNSClient | (() => Promise<SNSClient>);
  /** What the topic's subscribers read (default: the alert JSON). */
  format?: SnsFormat;
}

export function snsSink(opts: SnsSinkOptions): AlertSink {
  let client: Promise<SNSClient> | undefined;
  return {
    name: "sns",
    minSeverity: opts.minSeverity,
    async send(delivery) {
      const input = buildSnsPublish(delivery, opts.topicArn, opts.format);
      try {
        // The SDK's SNS code is a chunk of its own: most invocations send nothing (issue 6).
        const [{ publish }, sns] = await Promise.all([import("./sns-publish.ts"), (client ??= typeof opts.client === "function" ? opts.client() : Promise.resolve(opts.client))]);
        await publish(sns, input);
      } catch (e) {
        throw new SinkDeliveryError("sns", describeAwsError("Publish", e), { retryable: isRetryableAwsError(e), cause: e });
      }
    },
  };
}
