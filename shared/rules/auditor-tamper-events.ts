// The CloudTrail calls that cut the auditor's pipeline, one recogniser per call: each says
// which resource was hit and how, or undefined when the call did not touch the pipeline.
import type { CloudTrailRecord } from "../types.ts";
import { clusterOfLogGroup, dropsManagementEvents, isAuditorResource, param } from "./auditor-resources.ts";
import { isObject } from "../core/object.ts";
import { strField } from "./predicates.ts";

export interface Tampering {
  /** What kind of thing, as the reader knows it: "subscription filter", "EventBridge rule"… */
  kind: string;
  /** Its name (or ARN) as the request gave it. */
  resource: string;
  /** What was done to it, in a few words. */
  action: string;
  /** The EKS cluster whose audit log stops reaching the auditor, where the call shows it. */
  cluster: string | null;
}

type Recogniser = (r: CloudTrailRecord) => Tampering | undefined;

const auditorsOnly =
  (kind: string, key: string, action: string): Recogniser =>
  (r) => {
    const name = param(r, key);
    return name !== null && isAuditorResource(name) ? { kind, resource: name, action, cluster: null } : undefined;
  };

const logs: Record<string, Recogniser> = {
  DeleteSubscriptionFilter(r) {
    const group = param(r, "logGroupName");
    const filter = param(r, "filterName");
    const cluster = clusterOfLogGroup(group);
    // Any filter removed from an EKS cluster group counts: in replay the auditor's filter name is unknown.
    if (cluster === null && !isAuditorResource(filter)) return undefined;
    return { kind: "subscription filter", resource: `${group ?? "?"} › ${filter ?? "?"}`, action: "deleted", cluster };
  },
  PutSubscriptionFilter(r) {
    const filter = param(r, "filterName");
    const destination = param(r, "destinationArn");
    if (!isAuditorResource(filter) || destination === null || isAuditorResource(destination)) return undefined;
    const group = param(r, "logGroupName");
    return {
      kind: "subscription filter",
      resource: `${group ?? "?"} › ${filter}`,
      action: `replaced: now sends to ${destination}`,
      cluster: clusterOfLogGroup(group),
    };
  },
  DeleteLogGroup(r) {
    const group = param(r, "logGroupName");
    const cluster = clusterOfLogGroup(group);
    return cluster === null ? undefined : { kind: "EKS control-plane log group", resource: group!, action: "deleted", cluster };
  },
  DeleteAccountPolicy(r) {
    if (param(r, "policyType") !== "SUBSCRIPTION_FILTER_POLICY") return undefined;
    return auditorsOnly("account subscription-filter policy", "policyName", "deleted")(r);
  },
  PutAccountPolicy(r) {
    if (param(r, "policyType") !== "SUBSCRIPTION_FILTER_POLICY") return undefined;
    const name = param(r, "policyName");
    if (!isAuditorResource(name)) return undefined;
    const destination = destinationOfPolicy(param(r, "policyDocument"));
    if (destination !== null && isAuditorResource(destination)) return undefined;
    return {
      kind: "account subscription-filter policy",
      resource: name!,
      action: destination === null ? "replaced" : `replaced: now sends to ${destination}`,
      cluster: null,
    };
  },
  DeleteDestination: auditorsOnly("CloudWatch Logs destination", "destinationName", "deleted"),
};

const events: Record<string, Recogniser> = {
  DeleteRule: auditorsOnly("EventBridge rule", "name", "deleted"),
  DisableRule: auditorsOnly("EventBridge rule", "name", "disabled"),
  RemoveTargets: auditorsOnly("EventBridge rule", "rule", "targets removed"),
  PutRule(r) {
    return param(r, "state") === "DISABLED" ? auditorsOnly("EventBridge rule", "name", "disabled (PutRule)")(r) : undefined;
  },
  DeleteEventBus: auditorsOnly("event bus", "name", "deleted"),
  RemovePermission: auditorsOnly("event bus", "eventBusName", "permission removed"),
};

const lambdaFunction = (action: string): Recogniser => auditorsOnly("Lambda function", "functionName", action);
const eventSourceMapping =
  (action: string, when: (r: CloudTrailRecord) => boolean = () => true): Recogniser =>
  (r) => {
    const fn = param(r, "functionName") ?? param(r, "functionArn");
    return when(r) && isAuditorResource(fn) ? { kind: "event source mapping", resource: fn!, action, cluster: null } : undefined;
  };

// Lambda's CloudTrail event names carry the API version (DeleteFunction20150331).
const lambda: Record<string, Recogniser> = {
  DeleteFunction20150331: lambdaFunction("deleted"),
  PutFunctionConcurrency20171031(r) {
    const reserved = isObject(r.requestParameters) ? r.requestParameters.reservedConcurrentExecutions : undefined;
    return reserved === 0 ? lambdaFunction("throttled to 0 (reserved concurrency 0)")(r) : undefined;
  },
  RemovePermission20150331v2: lambdaFunction("invoke permission removed"),
  DeleteEventSourceMapping20150331: eventSourceMapping("deleted"),
  UpdateEventSourceMapping20150331: eventSourceMapping(
    "disabled",
    (r) => isObject(r.requestParameters) && r.requestParameters.enabled === false,
  ),
};

const trail = (action: string, key = "name"): Recogniser => (r) => {
  const name = param(r, key);
  return name === null ? undefined : { kind: "CloudTrail trail", resource: name, action, cluster: null };
};

const cloudtrail: Record<string, Recogniser> = {
  // Any trail: the auditor's EventBridge rules see API calls only while a trail logs them.
  StopLogging: trail("logging stopped"),
  DeleteTrail: trail("deleted"),
  PutEventSelectors(r) {
    return dropsManagementEvents(r) ? trail("event selectors drop management events", "trailName")(r) : undefined;
  },
};

export const TAMPER_CALLS: Record<string, Record<string, Recogniser>> = {
  "logs.amazonaws.com": logs,
  "events.amazonaws.com": events,
  "lambda.amazonaws.com": lambda,
  "kinesis.amazonaws.com": {
    DeleteStream: (r) => auditorsOnly("Kinesis stream", "streamName", "deleted")(r) ?? auditorsOnly("Kinesis stream", "streamARN", "deleted")(r),
  },
  "sqs.amazonaws.com": { DeleteQueue: auditorsOnly("SQS queue", "queueUrl", "deleted") },
  "cloudtrail.amazonaws.com": cloudtrail,
};

export function tamperingIn(r: CloudTrailRecord): Tampering | undefined {
  if (typeof r.eventSource !== "string" || typeof r.eventName !== "string") return undefined;
  const recognise = Object.hasOwn(TAMPER_CALLS, r.eventSource) ? TAMPER_CALLS[r.eventSource]![r.eventName] : undefined;
  return recognise && Object.hasOwn(TAMPER_CALLS[r.eventSource]!, r.eventName) ? recognise(r) : undefined;
}

/** The DestinationArn of a subscription-filter account policy document (a JSON string). */
function destinationOfPolicy(doc: string | null): string | null {
  if (doc === null) return null;
  try {
    return strField(JSON.parse(doc), "DestinationArn");
  } catch {
    return null;
  }
}
