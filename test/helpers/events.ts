// Builds normalized events from raw records for rule tests, without the real decoders
// (shared/sources): an audit record gets the placement a log group would give it, a
// CloudTrail record or EventBridge envelope gets account/region from the envelope.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { AuditorConfig } from "../../shared/config.ts";
import { defaultConfig } from "../../shared/config.ts";
import type { AddonState } from "../../shared/core/addon-state.ts";
import type { RuleContext } from "../../shared/rules/rule.ts";
import { clusterFromCloudTrail } from "../../shared/sources/cluster.ts";
import type {
  AuditEvent,
  CloudTrailEvent,
  CloudTrailRecord,
  K8sAuditRecord,
  NormalizedEvent,
  Placement,
  RuleId,
  Severity,
} from "../../shared/types.ts";

/** Where the samples happen: the log group /aws/eks/demo-cluster/cluster of 111122223333 in us-west-2. */
export const DEMO: Placement = { cluster: "demo-cluster", account: "111122223333", region: "us-west-2" };

export function auditEvent(record: K8sAuditRecord, placement: Partial<Placement> = {}): AuditEvent {
  const time = Date.parse(record.stageTimestamp ?? record.requestReceivedTimestamp ?? "");
  return {
    source: "audit",
    record,
    recordId: `${record.auditID ?? "no-audit-id"}|${record.stage ?? ""}`,
    timeMs: Number.isFinite(time) ? time : 0,
    origin: { file: "fixture", position: record.auditID ?? "?" },
    ...DEMO,
    ...placement,
  };
}

interface Envelope {
  id?: string;
  account?: string;
  region?: string;
  detail: CloudTrailRecord;
}

function isEnvelope(x: unknown): x is Envelope {
  return typeof x === "object" && x !== null && "detail" in x && "detail-type" in x;
}

/** A CloudTrail event from an EventBridge envelope or a bare record; the cluster is the record's, as the decoder finds it, else the given one. */
export function cloudTrailEvent(input: CloudTrailRecord | Envelope, placement: Partial<Placement> = {}): CloudTrailEvent {
  const env = isEnvelope(input) ? input : null;
  const record = env ? env.detail : (input as CloudTrailRecord);
  const time = Date.parse(record.eventTime ?? "");
  return {
    source: "cloudtrail",
    record,
    recordId: record.eventID ?? env?.id ?? "no-event-id",
    timeMs: Number.isFinite(time) ? time : 0,
    origin: { file: "fixture", position: record.eventID ?? "?" },
    account: env?.account ?? record.recipientAccountId ?? null,
    region: env?.region ?? record.awsRegion ?? null,
    ...placement,
    cluster: clusterFromCloudTrail(record) ?? placement.cluster ?? null,
  };
}

export function ruleContext(config: Partial<AuditorConfig> = {}, states: Record<string, AddonState> = {}): RuleContext {
  const map = new Map(Object.entries(states));
  return { config: defaultConfig(config), addonState: (key) => map.get(key) };
}

/** One case of test/fixtures/rules/<rule>.json. */
export interface RuleCase {
  name: string;
  source: "audit" | "cloudtrail";
  /** An audit record, a CloudTrail record, or an EventBridge envelope. */
  record: unknown;
  placement?: Partial<Placement>;
  config?: Partial<AuditorConfig>;
  addonStates?: Record<string, AddonState>;
  expect: {
    match: boolean;
    severity?: Severity;
    dedupKey?: string;
    actor?: string | null;
    cluster?: string | null;
    knownIssues?: string[];
    /** A subset of the finding's facts, compared with toEqual per key. */
    facts?: Record<string, unknown>;
    /** Phrases the rendered remediation must contain. */
    remediationIncludes?: string[];
    /** Phrases it must not contain (a grant to a principal not known to be the CNI's). */
    remediationExcludes?: string[];
  };
  why?: string;
}

export interface RuleFixtureFile {
  rule: RuleId;
  cases: RuleCase[];
}

export function loadRuleFixtures(rule: RuleId): RuleFixtureFile {
  const path = fileURLToPath(new URL(`../fixtures/rules/${rule}.json`, import.meta.url));
  return JSON.parse(readFileSync(path, "utf8")) as RuleFixtureFile;
}

export function caseEvent(c: RuleCase): NormalizedEvent {
  return c.source === "audit"
    ? auditEvent(c.record as K8sAuditRecord, c.placement)
    : cloudTrailEvent(c.record as CloudTrailRecord | Envelope, c.placement);
}
