import type { AuditorConfig } from "../config.ts";
import type { AddonState } from "../core/addon-state.ts";
import type { Remediation } from "../render/remediation.ts";
import type {
  AuditEvent,
  CloudTrailEvent,
  Facts,
  Finding,
  FoldedAlert,
  RuleId,
  Severity,
} from "../types.ts";

/**
 * What an audit-log rule can possibly match, as data. It must be a *necessary* condition of
 * `match` (every event the rule matches satisfies it): the CloudWatch Logs subscription filter
 * pattern and the hot-path prefilter are generated from it, so an event outside it never
 * reaches the rule. Fields are ANDed; values inside one field are ORed.
 */
/** Kubernetes objects a trigger is about (see AuditTrigger.objects). */
export interface AuditObject {
  /** `objectRef.resource` is one of these. */
  resources: string[];
  /** `objectRef.namespace` is this (absent: not checked). */
  namespace?: string;
  /** `objectRef.name` is this, or absent (a collection delete names none); absent here: any name. */
  name?: string;
}

export interface AuditTrigger {
  /** `responseStatus.code` is one of these. */
  codes?: number[];
  /** `responseStatus.code` is below this (successful writes). */
  codeBelow?: number;
  verbs?: string[];
  /** `objectRef.resource` is one of these. */
  resources?: string[];
  /** `user.username` is one of these (config may add `extraSystemUsers`). */
  users?: string[];
  /** When true, `users` also takes the configured `extraSystemUsers`. */
  usersFromConfig?: boolean;
  /**
   * When true, only requests on the object itself (`objectRef.subresource` absent): keeps the
   * kubelet's frequent `serviceaccounts/token` and `daemonsets/status` writes out of Lambda.
   */
  noSubresource?: boolean;
  /**
   * `objectRef` is one of these: keeps writes to every other object's ConfigMaps,
   * ServiceAccounts and DaemonSets out of Lambda.
   */
  objects?: ReadonlyArray<AuditObject>;
}

/**
 * What a CloudTrail rule can possibly match, as data (necessary condition of `match`). The
 * EventBridge event patterns are generated from it.
 */
export interface CloudTrailTrigger {
  eventSource: string;
  eventNames: string[];
  /** true: only failed calls (`errorCode` present); false: only successful calls. */
  failed: boolean;
  /** Read-only calls (Describe*) need the rule state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS. */
  readOnlyCalls?: boolean;
  /**
   * Calls that blind the auditor: also carried by a separate watchdog EventBridge rule, so that
   * deleting or disabling any one of the auditor's rules is still seen through another.
   */
  watchdog?: boolean;
}

/** Read-only view the pipeline gives rules; the pipeline updates it in event-time order. */
export interface RuleContext {
  config: AuditorConfig;
  /** Last known state of an add-on, keyed by `addonStateKey(...)`. */
  addonState(key: string): AddonState | undefined;
}

/** How a folded alert reads: computed from the whole window, so titles can carry counts. */
export interface Rendered {
  title: string;
  /** What it breaks, why (with source), exact commands, how to check (render/remediation.ts). */
  remediation: Remediation;
  /** Facts as they appear in the alert (samples capped, derived counts added). */
  facts?: Facts;
  /** Defaults to the rule's references. */
  references?: string[];
}

interface RuleBase {
  id: RuleId;
  /** Short, stable description for `cni-auditor rules` and the README. */
  summary: string;
  defaultSeverity: Severity;
  /** How the dedup key is built, in words (shown by `cni-auditor rules`). */
  dedupKeyDoc: string;
  references: string[];
  render(alert: FoldedAlert): Rendered;
}

export interface AuditRule extends RuleBase {
  source: "audit";
  trigger: AuditTrigger;
  match(event: AuditEvent, ctx: RuleContext): Finding | undefined;
}

export interface CloudTrailRule extends RuleBase {
  source: "cloudtrail";
  triggers: CloudTrailTrigger[];
  match(event: CloudTrailEvent, ctx: RuleContext): Finding | undefined;
  /**
   * The add-on state keys `match` reads and `addonUpdate` writes for this event (asked only
   * when a trigger accepts it), so a store loads them before `evaluate`. Every rule that
   * calls `ctx.addonState` declares them; test/unit/rules/addon-state-keys.test.ts checks it.
   */
  addonStateKeys?(event: CloudTrailEvent): string[];
  /**
   * Add-on rules report what they learnt so the pipeline can update `addonState` after
   * the event (rules themselves stay pure).
   */
  addonUpdate?(finding: Finding): { key: string; state: AddonState } | undefined;
}

/**
 * A rule whose findings come from CloudWatch metrics that the sweep reads (shared/blind-spots),
 * not from events: it has no trigger and matches no event; it only renders its alerts.
 */
export interface MetricsRule extends RuleBase {
  source: "metrics";
}

export type Rule = AuditRule | CloudTrailRule | MetricsRule;
