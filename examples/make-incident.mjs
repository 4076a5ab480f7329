#!/usr/bin/env node
// Writes the bundled example incident (examples/incident/) that `npm start` replays.
// Deterministic: the same bytes every run. Shapes follow ../shared/samples (documented, not
// captured); ids, accounts and ARNs are fake. Run: node examples/make-incident.mjs
import { gzipSync } from "node:zlib";
import { mkdirSync, writeFileSync } from "node:fs";

const out = new URL("./incident/", import.meta.url);
mkdirSync(out, { recursive: true });
const ACCOUNT = "444455556666";
const REGION = "eu-central-1";
const T0 = Date.parse("2026-11-19T02:00:00Z");
let seq = 0;
const uuid = () => {
  const h = (++seq).toString(16).padStart(12, "0");
  return `0c0ffee0-${h.slice(0, 4)}-4${h.slice(4, 7)}-8${h.slice(7, 10)}-${h.padStart(12, "a")}`;
};
const micro = (ms) => new Date(ms).toISOString().replace("Z", "123Z");

function cninodesDenied(node, ms) {
  return {
    kind: "Event", apiVersion: "audit.k8s.io/v1", level: "Metadata", auditID: uuid(), stage: "ResponseComplete",
    requestURI: `/apis/vpcresources.k8s.aws/v1alpha1/cninodes/${node}`, verb: "patch",
    user: { username: "eks:vpc-resource-controller", groups: ["system:authenticated"] },
    sourceIPs: ["172.16.44.21"], userAgent: "vpc-resource-controller/v1.6.3",
    objectRef: { resource: "cninodes", name: node, apiGroup: "vpcresources.k8s.aws", apiVersion: "v1alpha1" },
    responseStatus: {
      metadata: {}, status: "Failure", reason: "Forbidden", code: 403,
      message: `cninodes.vpcresources.k8s.aws "${node}" is forbidden: User "eks:vpc-resource-controller" cannot patch resource "cninodes" in API group "vpcresources.k8s.aws" at the cluster scope`,
    },
    requestReceivedTimestamp: micro(ms), stageTimestamp: micro(ms + 2),
    annotations: { "authorization.k8s.io/decision": "forbid", "authorization.k8s.io/reason": "" },
  };
}

function allowedRead(ms) {
  return {
    kind: "Event", apiVersion: "audit.k8s.io/v1", level: "Metadata", auditID: uuid(), stage: "ResponseComplete",
    requestURI: "/api/v1/namespaces/kube-system/configmaps/amazon-vpc-cni", verb: "get",
    user: { username: "system:serviceaccount:kube-system:aws-node", groups: ["system:serviceaccounts"] },
    userAgent: "./aws-k8s-agent-v1.19.3-eksbuild.1",
    objectRef: { resource: "configmaps", namespace: "kube-system", name: "amazon-vpc-cni", apiVersion: "v1" },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: micro(ms), stageTimestamp: micro(ms + 1),
    annotations: { "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": "RBAC: allowed" },
  };
}

function serviceAccountApplied(ms) {
  return {
    kind: "Event", apiVersion: "audit.k8s.io/v1", level: "Metadata", auditID: uuid(), stage: "ResponseComplete",
    requestURI: "/api/v1/namespaces/kube-system/serviceaccounts/aws-node?fieldManager=kubectl-client-side-apply&fieldValidation=Strict",
    verb: "patch",
    user: {
      username: "arn:aws:sts::444455556666:assumed-role/AWSReservedSSO_Developer_abc/dev@example.com",
      uid: "aws-iam-authenticator:444455556666:AROAEXAMPLEDEV000001", groups: ["system:authenticated"],
    },
    userAgent: "kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46",
    objectRef: { resource: "serviceaccounts", namespace: "kube-system", name: "aws-node", apiVersion: "v1" },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: micro(ms), stageTimestamp: micro(ms + 5),
    annotations: { "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": "RBAC: allowed by ClusterRoleBinding \"cluster-admins\"" },
  };
}

/** One CloudWatch Logs subscription delivery, as the Lambda receives it. */
function subscriptionEvent(cluster, auditEvents) {
  const payload = {
    messageType: "DATA_MESSAGE", owner: ACCOUNT, logGroup: `/aws/eks/${cluster}/cluster`,
    logStream: "kube-apiserver-audit-71976ca11bea5d3083393f7d32dab75b", subscriptionFilters: ["cni-auditor"],
    logEvents: auditEvents.map((e) => ({
      id: String(BigInt(Date.parse(e.stageTimestamp)) * 10n ** 40n + BigInt(++seq)),
      timestamp: Date.parse(e.stageTimestamp), message: JSON.stringify(e),
    })),
  };
  return { awslogs: { data: gzipSync(JSON.stringify(payload), { mtime: 0 }).toString("base64") } };
}

// 1. cninodes storm: two 1.29 clusters with security groups for pods, 40 minutes each.
const audit = [];
for (const [cluster, nodes, perNode] of [["pay-prod-1", 20, 30], ["pay-prod-2", 8, 25]]) {
  const events = [];
  for (let i = 0; i < nodes * perNode; i++) {
    const node = `ip-10-12-${i % nodes}-${7 + (i % nodes)}.${REGION}.compute.internal`;
    events.push(cninodesDenied(node, T0 + Math.floor((i * 40 * 60_000) / (nodes * perNode))));
    if (i % 50 === 0) events.push(allowedRead(T0 + i * 1000));
  }
  for (let i = 0; i < events.length; i += 200) audit.push(subscriptionEvent(cluster, events.slice(i, i + 200)));
}
// 2. orders-prod: someone re-applies the aws-node ServiceAccount without its IRSA annotation.
audit.push(subscriptionEvent("orders-prod", [serviceAccountApplied(T0 + 5 * 60_000)]));
writeFileSync(new URL("01-eks-audit-subscription.jsonl", out), audit.map((e) => JSON.stringify(e)).join("\n") + "\n");

// 3. orders-prod: aws-node falls back to the node role; its ENI calls are denied (CloudTrail in S3).
const nodeRole = "orders-prod-ng-role";
const denied = [];
const actions = ["CreateNetworkInterface", "AssignPrivateIpAddresses", "DescribeNetworkInterfaces"];
for (let i = 0; i < 50; i++) {
  const action = actions[i % 3];
  const instance = `i-0fe1d2c3b4a59687${i % 4}`;
  const t = new Date(T0 + 6 * 60_000 + i * 30_000).toISOString().replace(/\.\d+Z$/, "Z");
  denied.push({
    eventVersion: "1.09",
    userIdentity: {
      type: "AssumedRole", principalId: `AROAEXAMPLENODEROLE01:${instance}`,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${nodeRole}/${instance}`, accountId: ACCOUNT,
      sessionContext: {
        sessionIssuer: { type: "Role", principalId: "AROAEXAMPLENODEROLE01", arn: `arn:aws:iam::${ACCOUNT}:role/${nodeRole}`, accountId: ACCOUNT, userName: nodeRole },
        webIdFederationData: {}, attributes: { creationDate: t, mfaAuthenticated: "false" }, ec2RoleDelivery: "2.0",
      },
    },
    eventTime: t, eventSource: "ec2.amazonaws.com", eventName: action, awsRegion: REGION,
    sourceIPAddress: "10.12.3.44",
    userAgent: "aws-sdk-go-v2/1.39.2 ua/2.1 os/linux lang/go#1.25.5 md/GOOS#linux md/GOARCH#arm64 api/ec2#1.254.1 amazon-vpc-cni-k8s/v1.21.2 m/0,E",
    errorCode: "Client.UnauthorizedOperation",
    errorMessage: `You are not authorized to perform this operation. User: arn:aws:sts::${ACCOUNT}:assumed-role/${nodeRole}/${instance} is not authorized to perform: ec2:${action} because no identity-based policy allows the ec2:${action} action. Encoded authorization failure message: EXAMPLE-${"x".repeat(200)}`,
    requestParameters: action === "CreateNetworkInterface"
      ? { subnetId: "subnet-0a1b2c3d4e5f60718", description: `aws-K8S-${instance}`,
          tagSpecificationSet: { items: [{ resourceType: "network-interface", tags: [
            { key: "node.k8s.amazonaws.com/instance_id", value: instance },
            { key: "cluster.k8s.amazonaws.com/name", value: "orders-prod" },
            { key: "eks:eni:owner", value: "amazon-vpc-cni" }] }] } }
      : { networkInterfaceId: "eni-0123456789abcdef0" },
    responseElements: null, requestID: uuid(), eventID: uuid(), readOnly: action.startsWith("Describe"),
    eventType: "AwsApiCall", managementEvent: true, recipientAccountId: ACCOUNT, eventCategory: "Management",
  });
}
writeFileSync(new URL("02-cloudtrail-orders-prod.json.gz", out), gzipSync(JSON.stringify({ Records: denied }), { mtime: 0 }));

// 4. edge-prod: vpc-cni v1.19.3 → v1.19.4 with custom networking on (EventBridge events).
function addonCall(name, params, minutes) {
  const t = new Date(T0 + minutes * 60_000).toISOString().replace(/\.\d+Z$/, "Z");
  return {
    version: "0", id: uuid(), "detail-type": "AWS API Call via CloudTrail", source: "aws.eks", account: ACCOUNT,
    time: t, region: REGION, resources: [],
    detail: {
      eventVersion: "1.09",
      userIdentity: {
        type: "AssumedRole", principalId: "AROAEXAMPLESSODEV0001:dev@example.com",
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_Developer_abc/dev@example.com`, accountId: ACCOUNT,
        sessionContext: { sessionIssuer: { type: "Role", arn: `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Developer_abc`, userName: "AWSReservedSSO_Developer_abc" } },
      },
      eventTime: t, eventSource: "eks.amazonaws.com", eventName: name, awsRegion: REGION,
      sourceIPAddress: "198.51.100.17", userAgent: "aws-cli/2.27.30 md/command#eks.update-addon",
      requestParameters: { name: "edge-prod", addonName: "vpc-cni", ...params },
      responseElements: { update: { id: uuid(), status: "InProgress", type: "AddonUpdate", params: [], errors: [] } },
      requestID: uuid(), eventID: uuid(), readOnly: false, eventType: "AwsApiCall", managementEvent: true,
      recipientAccountId: ACCOUNT, eventCategory: "Management",
    },
  };
}
const customNetworking = JSON.stringify({ env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true", ENI_CONFIG_LABEL_DEF: "topology.kubernetes.io/zone" } });
const addonEvents = [
  addonCall("UpdateAddon", { addonVersion: "v1.19.3-eksbuild.1", resolveConflicts: "PRESERVE" }, -7 * 24 * 60),
  addonCall("UpdateAddon", { addonVersion: "v1.19.4-eksbuild.1", resolveConflicts: "PRESERVE", configurationValues: customNetworking }, 30),
];
writeFileSync(new URL("03-eventbridge-edge-prod.jsonl", out), addonEvents.map((e) => JSON.stringify(e)).join("\n") + "\n");
console.log(`wrote ${audit.length} subscription events, ${denied.length} CloudTrail records, ${addonEvents.length} EventBridge events`);
