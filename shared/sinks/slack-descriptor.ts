// The Slack sink: incoming webhook (payload builder and sender in slack.ts). Its secret is the
// webhook URL: deployed stacks keep it in SSM Parameter Store (SecureString) and name the
// parameter in SLACK_WEBHOOK_PARAMETER; SLACK_WEBHOOK_URL (the URL itself) is for local runs.
import { ConfigError, SinkDeliveryError } from "../errors.ts";
import * as v from "valibot";
import { envText, parseSettings, severityEnv } from "../schema.ts";
import type { Severity } from "../types.ts";
import type { AlertSink, SinkDescriptor } from "./sink.ts";
import { lazySink } from "./lazy-sink.ts";

export interface SlackSettings {
  minSeverity: Severity;
  /** The URL itself (local runs, tests), or the SSM parameter that holds it (deployed). */
  webhookUrl?: string;
  webhookParameter?: string;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
/** SSM parameter names: a path of [A-Za-z0-9_.-] segments, up to 1011 characters. */
export const PARAMETER_NAME = /^\/?[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

/** The webhook URL is a secret: messages say what is wrong with it, never echo it. */
function webhookProblem(value: string): string | null {
  try {
    const url = new URL(value);
    const plainHttpOk = url.protocol === "http:" && LOOPBACK.has(url.hostname);
    return url.protocol === "https:" || plainHttpOk ? null : "must be an https URL";
  } catch {
    return "is not a URL";
  }
}

const webhookUrl = v.pipe(
  envText,
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    if (dataset.value === "") return null;
    const problem = webhookProblem(dataset.value);
    if (problem === null) return new URL(dataset.value).href;
    addIssue({ message: problem });
    return NEVER;
  }),
);

const ENV = v.pipe(
  v.object({
    SLACK_WEBHOOK_URL: webhookUrl,
    SLACK_WEBHOOK_PARAMETER: v.pipe(
      envText,
      v.check((s) => s === "" || (s.length <= 1011 && PARAMETER_NAME.test(s)), "is not an SSM parameter name"),
    ),
    SLACK_MIN_SEVERITY: severityEnv("medium"),
  }),
  v.check((e) => !(e.SLACK_WEBHOOK_URL && e.SLACK_WEBHOOK_PARAMETER), "SLACK_WEBHOOK_URL and SLACK_WEBHOOK_PARAMETER are both set: keep one"),
  v.transform((e): SlackSettings | null => {
    if (e.SLACK_WEBHOOK_URL) return { webhookUrl: e.SLACK_WEBHOOK_URL, minSeverity: e.SLACK_MIN_SEVERITY };
    if (e.SLACK_WEBHOOK_PARAMETER) return { webhookParameter: e.SLACK_WEBHOOK_PARAMETER, minSeverity: e.SLACK_MIN_SEVERITY };
    return null;
  }),
);

/** A sink that reads the URL from its parameter at each send (the reader caches it). */
function parameterSink(parameter: string, make: (url: string) => AlertSink, readSecret: (name: string) => Promise<string>, minSeverity: Severity): AlertSink {
  return {
    name: "slack",
    minSeverity,
    async send(delivery) {
      let url: string;
      try {
        url = (await readSecret(parameter)).trim();
      } catch (e) {
        throw new SinkDeliveryError("slack", `webhook parameter ${parameter} not readable: ${(e as Error).name}`, { retryable: true, cause: e });
      }
      const problem = webhookProblem(url);
      if (problem) throw new SinkDeliveryError("slack", `webhook parameter ${parameter}: its value ${problem}`, { retryable: false });
      await make(url).send(delivery);
    },
  };
}

export const SLACK: SinkDescriptor<SlackSettings> = {
  name: "slack",
  settings: ENV,
  minSeverity: { default: "medium", variable: "SLACK_MIN_SEVERITY" },
  secret: { variable: "SLACK_WEBHOOK_PARAMETER" },
  environment: () => ({}),
  iam: (r) => ({ calls: r.secretArn === null ? [] : [{ actions: ["ssm:GetParameter"], resources: [r.secretArn] }], platform: [] }),
  create(s, deps) {
    const make = (url: string) =>
      lazySink("slack", s.minSeverity, () =>
        import("./slack.ts").then((m) =>
          m.slackSink({
            webhookUrl: url,
            minSeverity: s.minSeverity,
            ...(deps.fetch ? { fetch: deps.fetch } : {}),
            ...(deps.slackTimeoutMs ? { timeoutMs: deps.slackTimeoutMs } : {}),
          }),
        ),
      );
    if (s.webhookUrl !== undefined) return make(s.webhookUrl);
    if (!deps.readSecret) throw new ConfigError("SLACK_WEBHOOK_PARAMETER is set but this runtime reads no secrets");
    return parameterSink(s.webhookParameter!, make, deps.readSecret, s.minSeverity);
  },
};

/** For tests and tools: this sink's settings alone. */
export const readSlackSettings = (env: Readonly<Record<string, string | undefined>>) => parseSettings(ENV, env);
