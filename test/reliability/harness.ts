// The whole core as one call, for hostile-input tests: decode → evaluate → MemoryStore.apply
// → toAlert → JSON.stringify, plus the Slack and SNS payload builders. Anything that throws
// out of here is a bug: bad input must end up as a counted rejection, never as an exception.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { defaultConfig, type AuditorConfig } from "../../shared/config.ts";
import { MemoryStore } from "../../shared/store/memory-store.ts";
import { evaluate } from "../../shared/pipeline.ts";
import { byFirstSeen, toAlert } from "../../shared/rules/alert.ts";
import { buildSlackPayload } from "../../shared/sinks/slack.ts";
import { buildSnsPublish } from "../../shared/sinks/sns.ts";
import {
  decodeBytes,
  decodeCloudWatchLogsEvent,
  decodeEventBridgeEvent,
  type DecodeResult,
} from "../../shared/sources/index.ts";
import type { Alert, NormalizedEvent, Placement, Rejection, RuleId } from "../../shared/types.ts";

export type SeedSource = "audit" | "eventbridge";
export interface Seed {
  source: SeedSource;
  record: Record<string, any>;
}

const SEEDS = JSON.parse(
  readFileSync(new URL("../fixtures/reliability/seeds.json", import.meta.url), "utf8"),
).seeds as Record<RuleId, Seed>;

/** A fresh copy of the firing record of every rule (tests mutate them). */
export function seeds(): Record<RuleId, Seed> {
  return structuredClone(SEEDS);
}

export const SEED_RULES = Object.keys(SEEDS) as RuleId[];
export const NO_PLACEMENT: Placement = { cluster: null, account: null, region: null };
export const TOPIC = "arn:aws:sns:us-west-2:111122223333:cni-auditor-alerts";

/** A CloudWatch Logs DATA_MESSAGE payload carrying these messages (strings as-is, else JSON). */
export function cwlPayload(messages: unknown[], firstId = 1, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    messageType: "DATA_MESSAGE",
    owner: "111122223333",
    logGroup: "/aws/eks/demo-cluster/cluster",
    logStream: "kube-apiserver-audit-71976ca11bea5d3083393f7d32dab75b",
    subscriptionFilters: ["cni-auditor"],
    logEvents: messages.map((m, i) => ({
      id: `3${String(firstId + i).padStart(55, "0")}`,
      timestamp: 1716797730000 + i,
      message: typeof m === "string" ? m : JSON.stringify(m),
    })),
    ...over,
  };
}

export const gz = (b: Buffer | string): Buffer => gzipSync(typeof b === "string" ? Buffer.from(b) : b);

/** The Lambda event of a subscription: `{"awslogs":{"data":base64(gzip(json))}}`. */
export function awslogs(payload: unknown): { awslogs: { data: string } } {
  return { awslogs: { data: gz(JSON.stringify(payload)).toString("base64") } };
}

/** The same, from the payload's JSON text (for payloads JSON.stringify cannot write, like 1e400). */
export function awslogsText(text: string): { awslogs: { data: string } } {
  return { awslogs: { data: gz(text).toString("base64") } };
}

export const jsonl = (values: unknown[]): string => values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join("\n") + "\n";

export interface CoreRun {
  alerts: Alert[];
  /** Each alert as the CLI prints it and SNS carries it. */
  alertJson: string[];
  rejections: Rejection[];
  records: number;
  events: number;
  skipped: number;
  duplicates: number;
}

/** Everything after decoding, as the CLI does it (one MemoryStore, one batch). */
export async function runEvents(
  decoded: Array<Pick<DecodeResult, "events" | "rejections" | "records" | "skipped">>,
  config: AuditorConfig = defaultConfig(),
): Promise<CoreRun> {
  const events: NormalizedEvent[] = decoded.flatMap((d) => d.events);
  const evaluated = evaluate(events, config);
  const store = new MemoryStore();
  const due = await store.apply(evaluated.findings, { batchId: "fuzz", windowMs: config.windowMs });
  const alerts = store.windows().map(toAlert).sort(byFirstSeen);
  const alertJson = alerts.map((a) => JSON.stringify(a));
  // The sinks' builders must take whatever the core produced.
  for (const d of due) {
    const alert = toAlert(d.alert);
    const delivery = { alert, kind: d.kind, previouslyReported: d.previouslyReported };
    JSON.stringify(buildSlackPayload(delivery));
    buildSnsPublish(delivery, TOPIC);
  }
  return {
    alerts,
    alertJson,
    rejections: decoded.flatMap((d) => d.rejections),
    records: decoded.reduce((n, d) => n + d.records, 0),
    events: events.length,
    skipped: decoded.reduce((n, d) => n + d.skipped, 0),
    duplicates: evaluated.duplicates,
  };
}

/** A file's bytes through the whole core (the CLI's path). */
export function runFile(bytes: Uint8Array | string, config?: AuditorConfig): Promise<CoreRun> {
  const b = typeof bytes === "string" ? Buffer.from(bytes) : bytes;
  return runEvents([decodeBytes(b, "fuzz", { defaults: NO_PLACEMENT })], config);
}

/** Lambda events through the whole core: CloudWatch Logs subscription events or EventBridge events. */
export function runLambdaEvents(kind: "cwl" | "eventbridge", events: unknown[], config?: AuditorConfig): Promise<CoreRun> {
  const decode = kind === "cwl" ? decodeCloudWatchLogsEvent : decodeEventBridgeEvent;
  return runEvents(events.map((e) => decode(e, { defaults: NO_PLACEMENT })), config);
}

/** An alert's identity in a comparison: what must survive bad neighbours exactly. */
export function alertSummary(a: Alert): string {
  return `${a.rule} ${a.dedupKey} count=${a.count} ${a.firstSeen}..${a.lastSeen}`;
}
