import type { SecurityHubClient } from "@aws-sdk/client-securityhub";
import type { SNSClient } from "@aws-sdk/client-sns";
import type { GenericSchema } from "valibot";
import type { Alert, Severity } from "../types.ts";
import { atLeast } from "../core/severity.ts";

/** Why an alert goes out: a window opened, or a closed window's true count is reported. */
export type DeliveryKind = "open" | "update";

export interface Delivery {
  alert: Alert;
  kind: DeliveryKind;
  /** Count already reported for this window before this delivery (0 for "open"). */
  previouslyReported: number;
  /**
   * For an update sent while the window is still open: the severity the sink had, which the
   * alert's has since risen above (absent: the window closed).
   */
  risenFrom?: Severity;
  /** The key stayed quiet for a whole window: the final count (a route's `sendResolved`). */
  resolved?: boolean;
  /** When the window takes no more events (ms), where the caller knows it (the delivery layer does). */
  windowEndMs?: number;
}

/**
 * The kind subscribers see (SNS's `kind` attribute, the subject, Chatbot's id): a "resolved"
 * message travels as an update but is told apart, so filter policies can select or drop it.
 */
export type MessageKind = DeliveryKind | "resolved";
export function messageKind(d: Pick<Delivery, "kind" | "resolved">): MessageKind {
  return d.resolved ? "resolved" : d.kind;
}

/** The line an update leads with: why it is sent. */
export function updateReason(d: Delivery): string {
  const { alert, previouslyReported, risenFrom } = d;
  if (d.resolved) return `Resolved: no events for a whole window since the last one: ${alert.count} events in all`;
  return risenFrom
    ? `Severity rose from ${risenFrom} to ${alert.severity}: ${alert.count} events so far (${previouslyReported} reported earlier)`
    : `Window closed: ${alert.count} events (${previouslyReported} reported earlier)`;
}

/**
 * A destination for alerts. Each sink is one file: a pure payload builder plus this thin
 * `send`, which throws SinkDeliveryError (retryable or not) when the alert was not taken.
 */
export interface AlertSink {
  readonly name: string;
  readonly minSeverity: Severity;
  /** Always sent the "resolved" message when a key goes quiet, whatever the routes say. */
  readonly resolves?: boolean;
  send(delivery: Delivery): Promise<void>;
  /**
   * Run by the scheduled sweep, for sinks that keep state of their own: Security Hub archives
   * the findings of windows that have closed since (`nowMs`: wall clock). Throws when unfinished.
   */
  sweep?(nowMs: number): Promise<{ done: number }>;
}

/** True when the sink takes alerts of this severity (its minimum or worse). */
export function accepts(sink: Pick<AlertSink, "minSeverity">, severity: Severity): boolean {
  return atLeast(severity, sink.minSeverity);
}

/** An IAM statement as data (infra/permissions.ts renders them; `A` is a string or a Pulumi output). */
export interface Statement<A> {
  actions: string[];
  resources: A[];
  conditions?: Array<{ test: string; variable: string; values: A[] }>;
}

/** What the stack gives a sink: where it deploys, its alert topic, this sink's secret. */
export interface SinkResources<A> {
  partition: A;
  account: A;
  region: A;
  topic: A;
  topicKey: A;
  /** ARN of the SSM parameter holding this sink's secret, when one is configured. */
  secretArn: A | null;
  join: (...parts: Array<string | A>) => A;
}

/** What the runtime gives a sink when it builds it. */
export interface SinkDeps {
  /** For the Slack webhook (default: global fetch). */
  fetch?: typeof fetch;
  /**
   * SNS client, created once per container by the caller (default: a new client), or how to
   * make it on first send: then its code loads only when an alert goes out.
   */
  sns?: SNSClient | (() => Promise<SNSClient>);
  /** Security Hub client, likewise. */
  securityHub?: SecurityHubClient;
  /** Per Slack request (default 10 s). */
  slackTimeoutMs?: number;
  /** Reads a secret by its SSM parameter name (cached; the Lambdas use Powertools Parameters). */
  readSecret?: (name: string) => Promise<string>;
}

/**
 * Everything about one sink, read by the runtime (shared/sinks/index.ts) and by infra/: a new
 * sink is its descriptor file plus one row in SINKS.
 */
export interface SinkDescriptor<S extends { minSeverity: Severity }> {
  readonly name: string;
  /** This sink's settings from the Lambda environment; null when it is off. Errors name the variable. */
  readonly settings: GenericSchema<Readonly<Record<string, string | undefined>>, S | null>;
  /** The minimum severity the deploy config starts from, and the variable that carries it. */
  readonly minSeverity: { default: Severity; variable: string };
  /**
   * Off unless the deploy config turns it on (`<name>Enabled`, CNI_AUDITOR_<variable>=true): the
   * stack then sets its environment and grants its IAM; otherwise neither.
   */
  readonly optIn?: { variable: string };
  /** A secret read at run time from SSM Parameter Store: the variable naming its parameter. */
  readonly secret?: { variable: string };
  /** Lambda variables the stack sets for this sink (beyond the two above). */
  environment<A>(r: SinkResources<A>): Record<string, A>;
  /** IAM: `calls` its code makes, `platform` what AWS needs on its behalf. */
  iam<A>(r: SinkResources<A>): { calls: Statement<A>[]; platform: Statement<A>[] };
  create(settings: S, deps: SinkDeps): AlertSink;
}
