// Shared by the prefilter's property tests: triggers and configs drawn from the values the
// records use, the record as rules see it, JSON as Go writes it, payload texts as CloudWatch
// Logs lays them out, the candidate scan's marks, and Go-canonical records of each kind.
import fc from "fast-check";
import { expect } from "vitest";
import type { CandidateScan } from "../../../shared/prefilter/index.ts";
import type { AuditTrigger } from "../../../shared/rules/rule.ts";
import { logEventSpans } from "../../../shared/sources/log-event-spans.ts";
import { checkAuditFields } from "../../../shared/sources/validate.ts";
import type { AuditEvent, K8sAuditRecord } from "../../../shared/types.ts";
import { TRIGGER_CODES, TRIGGER_RESOURCES, TRIGGER_USERS, TRIGGER_VERBS } from "./arbitraries.ts";

const subset = <T>(values: readonly T[]) => fc.option(fc.subarray([...values], { minLength: 0 }), { nil: undefined });

/** Triggers over the values the records are drawn from, including empty and absent fields. */
export const trigger: fc.Arbitrary<AuditTrigger> = fc
  .record({
    codes: subset(TRIGGER_CODES),
    codeBelow: fc.option(fc.constantFrom(300, 400, 404), { nil: undefined }),
    verbs: subset(TRIGGER_VERBS),
    resources: subset(TRIGGER_RESOURCES),
    users: subset(TRIGGER_USERS),
    usersFromConfig: fc.boolean(),
    noSubresource: fc.option(fc.boolean(), { nil: undefined }),
  })
  .map((t) => Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) as AuditTrigger);

export const extraUsers = fc.subarray(TRIGGER_USERS, { maxLength: 3 });

/** The record as rules see it: validation drops null fields; undefined = rejected. */
export function validated(record: unknown): K8sAuditRecord | undefined {
  const copy = structuredClone(record) as K8sAuditRecord & Record<string, unknown>;
  return typeof copy === "object" && copy !== null && !Array.isArray(copy) && checkAuditFields(copy) === undefined ? copy : undefined;
}

export function auditEventOf(record: K8sAuditRecord): AuditEvent {
  return {
    source: "audit",
    record,
    recordId: `audit:${record.auditID}`,
    timeMs: 1716797730000,
    cluster: "c1",
    account: "111122223333",
    region: "eu-west-1",
    origin: { file: "prop", position: "1" },
  };
}

/** JSON as Go's encoding/json writes it: JSON.stringify plus Go's escapes of & < > U+2028 U+2029. */
export const goJson = (v: unknown): string =>
  JSON.stringify(v).replace(/[&<>\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** Another payload writer: escapes every non-ASCII character and every slash (still valid JSON). */
export const asciiWriter = (text: string): string =>
  text.replace(/[\u0080-\uffff/]/g, (c) => (c === "/" ? "\\/" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));

/** A subscription payload's text with these messages, as CloudWatch Logs lays it out. */
export function payloadText(messages: readonly string[], writer: (t: string) => string = (t) => t): string {
  return writer(
    JSON.stringify({
      messageType: "DATA_MESSAGE",
      owner: "111122223333",
      logGroup: "/aws/eks/demo-cluster/cluster",
      logStream: "kube-apiserver-audit-71976ca11bea5d3083393f7d32dab75b",
      subscriptionFilters: ["vpc-cni-auditor"],
      logEvents: messages.map((message, i) => ({ id: `3830624198340920${String(i).padStart(6, "0")}`, timestamp: 1716797730000 + i, message })),
    }),
  );
}

/** The scan's marks for the messages of a payload text. */
export function marks(scan: CandidateScan, text: string): number[] {
  const key = '"logEvents":[';
  const open = text.indexOf(key) + key.length - 1;
  const close = text.length - 2;
  expect(text.slice(close)).toBe("]}");
  const spans = logEventSpans(text, open, close);
  expect(spans).toBeDefined();
  return [...scan(text, spans!)];
}

export const marksOf = (scan: CandidateScan | undefined, messages: readonly string[], writer?: (t: string) => string): number[] => {
  expect(scan).toBeDefined();
  return marks(scan!, payloadText(messages, writer));
};

// Go-canonical records as the API server logs them.
export const STAMP = { stage: "ResponseComplete", requestReceivedTimestamp: "2024-05-27T08:15:30.412377Z", stageTimestamp: "2024-05-27T08:15:30.413981Z" };
export const NODE = "system:node:ip-10-0-12-183.us-west-2.compute.internal";
export const nodeGetPods = {
  kind: "Event", apiVersion: "audit.k8s.io/v1", level: "Metadata", auditID: "1b0d2c9e-0001", ...STAMP,
  requestURI: "/api/v1/pods?fieldSelector=spec.nodeName%3Dip-10-0-12-183&limit=500&resourceVersion=0",
  verb: "get", user: { username: NODE, groups: ["system:nodes", "system:authenticated"] },
  sourceIPs: ["10.0.12.183"], userAgent: "kubelet/v1.29.3 (linux/amd64) kubernetes/6813625",
  objectRef: { resource: "pods", apiVersion: "v1" },
  responseStatus: { metadata: {}, code: 200 },
  annotations: { "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": "" },
};
export const kubeletToken = {
  ...nodeGetPods, auditID: "1b0d2c9e-0002", verb: "create",
  requestURI: "/api/v1/namespaces/kube-system/serviceaccounts/aws-node/token",
  objectRef: { resource: "serviceaccounts", namespace: "kube-system", name: "aws-node", apiVersion: "v1", subresource: "token" },
  responseStatus: { metadata: {}, code: 201 },
  requestObject: { kind: "TokenRequest", apiVersion: "authentication.k8s.io/v1", spec: { audiences: ["https://kubernetes.default.svc"], expirationSeconds: 3607 } },
};
export const daemonSetStatus = {
  ...nodeGetPods, auditID: "1b0d2c9e-0003", verb: "update",
  user: { username: "system:serviceaccount:kube-system:daemon-set-controller", groups: ["system:serviceaccounts"] },
  requestURI: "/apis/apps/v1/namespaces/kube-system/daemonsets/aws-node/status",
  objectRef: { resource: "daemonsets", namespace: "kube-system", name: "aws-node", apiGroup: "apps", apiVersion: "v1", subresource: "status" },
};
export const cninodes403 = {
  kind: "Event", apiVersion: "audit.k8s.io/v1", level: "Metadata", auditID: "8c1f3a52-0d7e-4f8b-9a51-2b6f0c9e7d14", ...STAMP,
  requestURI: "/apis/vpcresources.k8s.aws/v1alpha1/cninodes/ip-10-0-12-183.us-west-2.compute.internal", verb: "patch",
  user: { username: "eks:vpc-resource-controller", groups: ["system:authenticated"] },
  objectRef: { resource: "cninodes", name: "ip-10-0-12-183.us-west-2.compute.internal", apiGroup: "vpcresources.k8s.aws", apiVersion: "v1alpha1" },
  responseStatus: { metadata: {}, status: "Failure", message: 'cninodes.vpcresources.k8s.aws "ip-10-0-12-183" is forbidden: User "eks:vpc-resource-controller" cannot patch resource "cninodes"', reason: "Forbidden", code: 403 },
};
export const humanPatch = {
  kind: "Event", apiVersion: "audit.k8s.io/v1", level: "Metadata", auditID: "d2a6e0f4-1b3c-4e59-a7d8-6c0f2e9b4a31", ...STAMP,
  requestURI: "/apis/apps/v1/namespaces/kube-system/daemonsets/aws-node?fieldManager=kubectl-set&a=<b>", verb: "patch",
  user: { username: "arn:aws:sts::111122223333:assumed-role/Admin/alice", groups: ["system:masters"] },
  objectRef: { resource: "daemonsets", namespace: "kube-system", name: "aws-node", apiGroup: "apps", apiVersion: "v1" },
  responseStatus: { metadata: {}, code: 200 },
};
