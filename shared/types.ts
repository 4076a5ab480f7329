// The data that flows through the core: source records → normalized events → findings →
// folded alerts. Everything here is plain data (JSON-serialisable) so that the same
// values move between the CLI, the Lambdas and the DynamoDB store unchanged.

import type { Severity } from "./core/severity.ts";
import type { RuleId } from "./rules/ids.ts";

export type { RuleId, Severity };

/** Where a record came from, for error messages: "file.json", "line 3 › logEvent 2". */
export interface Origin {
  file: string;
  position: string;
}

/** Where-known context that a source adds to its events (log group, envelope, --cluster). */
export interface Placement {
  cluster: string | null;
  account: string | null;
  region: string | null;
}

/** A Kubernetes audit.k8s.io/v1 Event, as far as the rules read it; all fields optional. */
export interface K8sAuditRecord {
  kind?: string;
  apiVersion?: string;
  level?: string;
  auditID?: string;
  stage?: string;
  requestURI?: string;
  verb?: string;
  user?: { username?: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> };
  impersonatedUser?: { username?: string };
  sourceIPs?: string[];
  userAgent?: string;
  objectRef?: {
    resource?: string;
    namespace?: string;
    name?: string;
    uid?: string;
    apiGroup?: string;
    apiVersion?: string;
    resourceVersion?: string;
    subresource?: string;
  };
  responseStatus?: { code?: number; status?: string; reason?: string; message?: string };
  requestReceivedTimestamp?: string;
  stageTimestamp?: string;
  annotations?: Record<string, string>;
  /** The request body, at audit level Request or RequestResponse only. */
  requestObject?: unknown;
}

/** A CloudTrail record (the `detail` of an EventBridge event, or one of `Records[]`). */
export interface CloudTrailRecord {
  eventVersion?: string;
  userIdentity?: {
    type?: string;
    principalId?: string;
    arn?: string;
    accountId?: string;
    /** WebIdentityUser: the token subject (e.g. system:serviceaccount:kube-system:aws-node). */
    userName?: string;
    /** WebIdentityUser: the OIDC provider that issued the token. */
    identityProvider?: string;
    sessionContext?: {
      sessionIssuer?: { type?: string; arn?: string; userName?: string; accountId?: string };
      webIdFederationData?: { federatedProvider?: string; attributes?: Record<string, unknown> };
      attributes?: Record<string, unknown>;
      ec2RoleDelivery?: string;
    };
    invokedBy?: string;
  };
  eventTime?: string;
  eventSource?: string;
  eventName?: string;
  awsRegion?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  requestID?: string;
  eventID?: string;
  readOnly?: boolean;
  eventType?: string;
  recipientAccountId?: string;
}

interface EventBase extends Placement {
  /** The record's id (auditID+stage, eventID, log event id): what samples show. Ids can be chosen by a client. */
  recordId: string;
  /**
   * Digest of the fields a redelivery repeats exactly (audit: verb, requestURI, user, timestamps;
   * CloudTrail: source, name, time, identity, error, request). With `recordId` it says whether two
   * records are the same one (DESIGN.md "Windows and delivery"); see `recordIdentity`.
   */
  fingerprint?: string;
  /** Event time in epoch milliseconds: windows are in event time, never wall-clock time. */
  timeMs: number;
  origin: Origin;
}

export interface AuditEvent extends EventBase {
  source: "audit";
  record: K8sAuditRecord;
}

export interface CloudTrailEvent extends EventBase {
  source: "cloudtrail";
  record: CloudTrailRecord;
}

export type NormalizedEvent = AuditEvent | CloudTrailEvent;

/** A record that could not be used, with the reason; counted, never fatal to its batch. */
export interface Rejection {
  origin: Origin;
  reason: string;
  /** Records it stands for when a whole file is rejected (its lines); 1 when absent. */
  records?: number;
}

/**
 * A fact value. Folding merges by shape: arrays are sets (union, first-seen order),
 * number maps are counters (added), scalars keep the newest value.
 */
export type FactValue = string | number | boolean | null | string[] | { [name: string]: number };
export type Facts = Record<string, FactValue>;

/** One rule's verdict on one event. */
export interface Finding extends Placement {
  rule: RuleId;
  severity: Severity;
  dedupKey: string;
  timeMs: number;
  recordId: string;
  /** The identity the allow-lists are matched against (k8s user or IAM role ARN). */
  actor: string | null;
  facts: Facts;
  knownIssues: string[];
}

/** Several findings of one key and window, folded. The stores keep exactly this. */
export interface FoldedAlert extends Placement {
  rule: RuleId;
  dedupKey: string;
  severity: Severity;
  count: number;
  firstSeenMs: number;
  lastSeenMs: number;
  /** Event time of the newest finding folded in (the one whose scalar facts are kept). */
  newestMs: number;
  windowStartMs: number;
  windowEndMs: number;
  facts: Facts;
  knownIssues: string[];
  samples: string[];
}

/** Event rules have fixed ids; fleet checks use ids under `fleet/`. */
export type AlertRuleId = RuleId | `fleet/${string}` | "silence/ended";

/** The alert JSON of the contract (README "Alert JSON"); key order is the contract's. */
export interface Alert {
  rule: AlertRuleId;
  severity: Severity;
  title: string;
  cluster: string | null;
  account: string | null;
  region: string | null;
  dedupKey: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  facts: Facts;
  knownIssues: string[];
  remediation: string;
  references: string[];
  samples: string[];
}
