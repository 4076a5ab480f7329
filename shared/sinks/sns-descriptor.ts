// The SNS sink: the stack's KMS-encrypted alert topic (payload builder and sender in sns.ts).
import * as v from "valibot";
import { envText, quoted, severityEnv } from "../schema.ts";
import type { Severity } from "../types.ts";
import type { SinkDescriptor } from "./sink.ts";
import { SNS_FORMATS, type SnsFormat } from "../output/formats.ts";
import { lazySink } from "./lazy-sink.ts";

export interface SnsSettings {
  topicArn: string;
  minSeverity: Severity;
  /** "chatbot" for a topic AWS Chatbot reads: its default/https messages carry Chatbot's format. */
  format: SnsFormat;
}

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

const ENV = v.pipe(
  v.object({
    ALERT_TOPIC_ARN: v.pipe(envText, v.check((s) => s === "" || TOPIC_ARN.test(s), (i) => `${quoted(i.input)} is not an SNS topic ARN`)),
    SNS_MIN_SEVERITY: severityEnv("info"),
    SNS_FORMAT: v.pipe(
      envText,
      v.toLowerCase(),
      v.check((s) => s === "" || (SNS_FORMATS as readonly string[]).includes(s), (i) => `${quoted(i.input)} is not one of ${SNS_FORMATS.join(", ")}`),
      v.transform((s) => (s === "" ? "alert" : s) as SnsFormat),
    ),
  }),
  v.transform((e): SnsSettings | null =>
    e.ALERT_TOPIC_ARN ? { topicArn: e.ALERT_TOPIC_ARN, minSeverity: e.SNS_MIN_SEVERITY, format: e.SNS_FORMAT } : null,
  ),
);

export const SNS: SinkDescriptor<SnsSettings> = {
  name: "sns",
  settings: ENV,
  minSeverity: { default: "info", variable: "SNS_MIN_SEVERITY" },
  environment: (r) => ({ ALERT_TOPIC_ARN: r.topic }),
  iam: (r) => ({
    calls: [{ actions: ["sns:Publish"], resources: [r.topic] }],
    // SNS encrypts with the topic's key on the publisher's behalf (SNS developer guide,
    // "Key management"): the publisher needs these on the key, only via SNS.
    platform: [
      {
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: [r.topicKey],
        conditions: [{ test: "StringEquals", variable: "kms:ViaService", values: [r.join("sns.", r.region, ".amazonaws.com")] }],
      },
    ],
  }),
  create: (s, deps) =>
    lazySink("sns", s.minSeverity, () =>
      import("./sns.ts").then((m) => m.snsSink({ ...s, client: deps.sns ?? (() => import("@aws-sdk/client-sns").then((c) => new c.SNSClient({}))) })),
    ),
};
