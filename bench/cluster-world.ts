// The cast of one simulated EKS cluster: nodes, service accounts, IAM principals and user
// agents, with the field shapes EKS writes. Noise and incidents draw from it.
import type { Rng } from "./random.ts";

export interface K8sUser {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export interface Actor {
  user: K8sUser;
  userAgent: string;
  sourceIP: string;
}

export interface ClusterWorld {
  name: string;
  account: string;
  region: string;
  nodes: string[];
  logStream: string;
  actors: {
    nodes: Actor[];
    controllers: Actor[];
    addons: Actor[];
    eksSystem: Actor[];
    apps: Actor[];
    humans: Actor[];
    gitops: Actor[];
  };
}

const APP_NAMESPACES = ["payments", "orders", "search", "checkout", "ledger", "notifications", "monitoring", "ingress-nginx"];
const CONTROLLERS = [
  "daemon-set-controller", "replicaset-controller", "deployment-controller", "endpointslice-controller",
  "endpoint-controller", "generic-garbage-collector", "namespace-controller", "node-controller",
  "job-controller", "statefulset-controller", "resourcequota-controller", "horizontal-pod-autoscaler",
];
const ADDON_SAS: Array<[string, string]> = [
  ["aws-node", "./aws-k8s-agent-v1.19.5-eksbuild.1"],
  ["coredns", "coredns/v1.11.3-eksbuild.2 (linux/arm64) kubernetes/$Format"],
  ["kube-proxy", "kube-proxy/v1.30.6 (linux/amd64) kubernetes/e5e9a09"],
  ["ebs-csi-controller-sa", "aws-ebs-csi-driver/v1.37.0 (linux/amd64) kubernetes/$Format"],
  ["aws-load-balancer-controller", "aws-load-balancer-controller/v2.9.2 (linux/amd64) kubernetes/$Format"],
  ["cluster-autoscaler", "cluster-autoscaler/v1.30.2 (linux/amd64) kubernetes/$Format"],
  ["karpenter", "karpenter/v1.0.8 (linux/arm64) kubernetes/$Format"],
  ["eks-pod-identity-agent", "eks-pod-identity-agent/v0.1.10 (linux/amd64)"],
];
const EKS_USERS = [
  "eks:vpc-resource-controller", "eks:addon-manager", "eks:certificate-controller", "eks:node-manager",
  "eks:cloud-controller-manager", "eks:k8s-metrics", "eks:pod-identity-mutating-webhook", "eks:fargate-manager",
  "eks:cluster-event-watcher", "eks:kube-proxy-windows",
];

/**
 * The real add-on manager as EKS audit records show it: the IAM authenticator maps an AWS-owned
 * role (not in the cluster's account) to eks:addon-manager. Fixed values: the rng sequence stays.
 */
const ADDON_MANAGER_ROLE = "AWSWesleyClusterManagerLambda-Add-AddonManagerRole-1EXAMPLE2ABC";
const ADDON_MANAGER_USER: K8sUser = {
  username: "eks:addon-manager",
  uid: "aws-iam-authenticator:999988887777:AROAEXAMPLEADDONMGR01",
  groups: ["system:authenticated"],
  extra: {
    accessKeyId: ["ASIAEXAMPLEADDONMGR1"],
    arn: [`arn:aws:sts::999988887777:assumed-role/${ADDON_MANAGER_ROLE}/1764750000000000000`],
    canonicalArn: [`arn:aws:iam::999988887777:role/${ADDON_MANAGER_ROLE}`],
    sessionName: ["1764750000000000000"],
  },
};

/** A user agent that runs to the API server's 1024-character cap, as some clients send. */
function hugeUserAgent(rng: Rng): string {
  const parts = ["Mozilla/5.0 (compatible; internal-inventory-scanner/3.4.1; +https://wiki.example.internal/scanner)"];
  while (parts.join(" ").length < 1100) parts.push(`plugin/${rng.hex(6)}=${rng.hex(24)}`);
  return parts.join(" ").slice(0, 1024) + "...TRUNCATED";
}

function ip(rng: Rng, prefix = "10.0"): string {
  return `${prefix}.${rng.int(64)}.${1 + rng.int(253)}`;
}

function serviceAccount(rng: Rng, ns: string, sa: string, node: string): K8sUser {
  return {
    username: `system:serviceaccount:${ns}:${sa}`,
    uid: rng.uuid(),
    groups: ["system:serviceaccounts", `system:serviceaccounts:${ns}`, "system:authenticated"],
    extra: {
      "authentication.kubernetes.io/credential-id": [`JTI=${rng.uuid()}`],
      "authentication.kubernetes.io/node-name": [node],
      "authentication.kubernetes.io/node-uid": [rng.uuid()],
      "authentication.kubernetes.io/pod-name": [`${sa}-${rng.hex(5)}`],
      "authentication.kubernetes.io/pod-uid": [rng.uuid()],
    },
  };
}

function iamUser(rng: Rng, account: string, role: string, session: string): K8sUser {
  const roleId = `AROA${rng.hex(17).toUpperCase()}`;
  return {
    username: `arn:aws:sts::${account}:assumed-role/${role}/${session}`,
    uid: `aws-iam-authenticator:${account}:${roleId}`,
    groups: ["system:authenticated"],
    extra: {
      accessKeyId: [`ASIA${rng.hex(16).toUpperCase()}`],
      arn: [`arn:aws:sts::${account}:assumed-role/${role}/${session}`],
      canonicalArn: [`arn:aws:iam::${account}:role/${role}`],
      principalId: [roleId],
      sessionName: [session],
    },
  };
}

export function makeWorld(rng: Rng, index: number): ClusterWorld {
  const region = rng.pick(["eu-west-1", "us-east-1", "us-west-2", "ap-southeast-2", "eu-central-1"]);
  const account = String(111122223333 + index * 1_000_001).padStart(12, "0");
  const name = `${rng.pick(["prod", "staging", "edge", "data", "batch"])}-${region.split("-")[0]}-${index + 1}`;
  const nodes = Array.from({ length: 30 + rng.int(60) }, () => `ip-10-0-${rng.int(64)}-${1 + rng.int(253)}.${region}.compute.internal`);
  const node = (): string => rng.pick(nodes);
  const nodeActors = nodes.map((n) => ({
    user: {
      username: `system:node:${n}`,
      uid: `aws-iam-authenticator:${account}:AROA${rng.hex(17).toUpperCase()}`,
      groups: ["system:bootstrappers", "system:nodes", "system:authenticated"],
      extra: { sessionName: [`i-0${rng.hex(16)}`] },
    },
    userAgent: `kubelet/v1.30.6-eks-${rng.hex(7)} (linux/${rng.pick(["amd64", "arm64"])}) kubernetes/${rng.hex(7)}`,
    sourceIP: ip(rng),
  }));
  const controllers: Actor[] = [
    { user: { username: "system:kube-controller-manager", groups: ["system:authenticated"] }, userAgent: "kube-controller-manager/v1.30.6 (linux/amd64) kubernetes/e5e9a09/leader-election", sourceIP: ip(rng, "172.16") },
    { user: { username: "system:kube-scheduler", groups: ["system:authenticated"] }, userAgent: "kube-scheduler/v1.30.6 (linux/amd64) kubernetes/e5e9a09/scheduler", sourceIP: ip(rng, "172.16") },
    { user: { username: "system:apiserver", uid: rng.uuid(), groups: ["system:authenticated", "system:masters"] }, userAgent: "kube-apiserver/v1.30.6 (linux/amd64) kubernetes/e5e9a09", sourceIP: "::1" },
    ...CONTROLLERS.map((c) => ({
      user: { username: `system:serviceaccount:kube-system:${c}`, uid: rng.uuid(), groups: ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"] },
      userAgent: `kube-controller-manager/v1.30.6 (linux/amd64) kubernetes/e5e9a09/system:serviceaccount:kube-system:${c}`,
      sourceIP: ip(rng, "172.16"),
    })),
  ];
  const addons = ADDON_SAS.map(([sa, ua]) => ({ user: serviceAccount(rng, "kube-system", sa, node()), userAgent: ua, sourceIP: ip(rng) }));
  const eksSystem = EKS_USERS.map((u) => ({
    user: u === "eks:addon-manager" ? ADDON_MANAGER_USER : { username: u, groups: ["system:authenticated"] },
    userAgent: u === "eks:vpc-resource-controller" ? "vpc-resource-controller/v1.6.3" : `${u.slice(4)}/v0.0.0 (linux/amd64) kubernetes/$Format`,
    sourceIP: ip(rng, "172.16"),
  }));
  const apps = APP_NAMESPACES.flatMap((ns) =>
    [`${ns}-api`, `${ns}-worker`].map((sa) => ({
      user: serviceAccount(rng, ns, sa, node()),
      userAgent: rng.chance(0.15) ? hugeUserAgent(rng) : rng.pick(["Go-http-client/2.0", "python-requests/2.32.3", `${sa}/v${rng.int(9)}.${rng.int(30)}.0 (linux/amd64) kubernetes/$Format`, "OpenAPI-Generator/29.0.0/python"]),
      sourceIP: ip(rng),
    })),
  );
  const humans = ["alice@example.com", "bob@example.com", "oncall-bot", "ci-deployer"].map((s, i) => ({
    user: iamUser(rng, account, i < 2 ? "AWSReservedSSO_Developer_5b7c1e9d0a2f4b3c" : "platform-ci", s),
    userAgent: rng.pick(["kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46", "kubectl/v1.30.4 (darwin/arm64) kubernetes/a51b3b7", "Helm/3.16.2", "k9s/v0.32.5 (darwin/arm64) kubernetes/$Format"]),
    sourceIP: `203.0.113.${1 + rng.int(250)}`,
  }));
  const gitops = [
    { user: serviceAccount(rng, "argocd", "argocd-application-controller", node()), userAgent: "argocd-application-controller/v2.13.1+af54ef8 (linux/amd64) kubernetes/$Format", sourceIP: ip(rng) },
    { user: serviceAccount(rng, "flux-system", "kustomize-controller", node()), userAgent: "kustomize-controller/v1.4.0 (linux/amd64) kubernetes/$Format", sourceIP: ip(rng) },
  ];
  return {
    name,
    account,
    region,
    nodes,
    logStream: `kube-apiserver-audit-${rng.hex(32)}`,
    actors: { nodes: nodeActors, controllers, addons, eksSystem, apps, humans, gitops },
  };
}

export const APP_NAMESPACE_LIST: readonly string[] = APP_NAMESPACES;
