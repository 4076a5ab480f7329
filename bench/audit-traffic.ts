// What a busy EKS API server logs: mostly gets, lists, watches and lease renewals by nodes,
// controllers and apps (noise), with near misses that share fragments with what the rules
// look for (200s on cninodes, aws-node status updates, 403s of app users), and a small share
// of relevant events: cninodes 403s, 403s of system identities, writes to aws-node objects.
import { auditEvent, type ObjectRef, type Request } from "./audit-shape.ts";
import { APP_NAMESPACE_LIST, type Actor, type ClusterWorld } from "./cluster-world.ts";
import type { Rng } from "./random.ts";

export type TrafficKind = "noise" | "cninodes-403" | "system-403" | "aws-node-write";

const CORE = [
  ["pods", true], ["configmaps", true], ["secrets", true], ["services", true], ["endpoints", true],
  ["serviceaccounts", true], ["persistentvolumeclaims", true], ["nodes", false], ["namespaces", false],
] as const;
const GROUPED = [
  ["deployments", "apps", true], ["replicasets", "apps", true], ["daemonsets", "apps", true],
  ["statefulsets", "apps", true], ["jobs", "batch", true], ["endpointslices", "discovery.k8s.io", true],
  ["ingresses", "networking.k8s.io", true], ["clusterroles", "rbac.authorization.k8s.io", false],
  ["clusterrolebindings", "rbac.authorization.k8s.io", false], ["cninodes", "vpcresources.k8s.aws", false],
  ["eniconfigs", "crd.k8s.amazonaws.com", false], ["policyendpoints", "networking.k8s.aws", true],
  ["customresourcedefinitions", "apiextensions.k8s.io", false],
] as const;

interface Target {
  ref: ObjectRef;
  path: string;
}

function target(rng: Rng, world: ClusterWorld, named: boolean, pick?: { resource: string; namespace?: string; name?: string }): Target {
  const all = [...CORE.map(([r, ns]) => [r, "", ns] as const), ...GROUPED];
  const found = pick ? all.find(([r]) => r === pick.resource) : undefined;
  const [resource, group, namespaced] = found ?? rng.pick(all);
  const namespace = namespaced ? (pick?.namespace ?? rng.pick(["kube-system", "default", ...APP_NAMESPACE_LIST])) : undefined;
  const name = named ? (pick?.name ?? (resource === "nodes" || resource === "cninodes" ? rng.pick(world.nodes) : `${resource.slice(0, 6)}-${rng.hex(5)}`)) : undefined;
  const version = group === "" ? "v1" : group.endsWith("k8s.aws") || group.endsWith("amazonaws.com") ? "v1alpha1" : "v1";
  const base = group === "" ? `/api/${version}` : `/apis/${group}/${version}`;
  const path = `${base}${namespace ? `/namespaces/${namespace}` : ""}/${resource}${name ? `/${name}` : ""}`;
  const ref: ObjectRef = { resource, ...(namespace ? { namespace } : {}), ...(name ? { name } : {}), ...(group ? { apiGroup: group } : {}), apiVersion: version };
  return { ref, path };
}

const rbac = (actor: Actor): string =>
  `RBAC: allowed by ClusterRoleBinding "${actor.user.username.split(":").at(-1)}" of ClusterRole "${actor.user.username.split(":").at(-1)}" to User "${actor.user.username}"`;

function anyActor(rng: Rng, w: ClusterWorld): Actor {
  const a = w.actors;
  const list = rng.weighted([[30, a.nodes], [25, a.controllers], [20, a.addons], [8, a.eksSystem], [12, a.apps], [2, a.humans], [3, a.gitops]] as const);
  return rng.pick(list);
}

function pickActor(list: readonly Actor[], rng: Rng): Actor {
  return rng.pick(list);
}

function forbidden(t: Target, actor: Actor, verb: string): Request["failure"] {
  const what = t.ref.apiGroup ? `${t.ref.resource}.${t.ref.apiGroup}` : t.ref.resource;
  const scope = t.ref.namespace ? `in the namespace "${t.ref.namespace}"` : "at the cluster scope";
  return {
    reason: "Forbidden",
    style: "new",
    message: `${what} ${t.ref.name ? `"${t.ref.name}" ` : ""}is forbidden: User "${actor.user.username}" cannot ${verb} resource "${t.ref.resource}" in API group "${t.ref.apiGroup ?? ""}" ${scope}`,
  };
}

function objectBody(rng: Rng, kind: string, name: string, namespace: string, size: number): unknown {
  const data: Record<string, string> = {};
  for (let i = 0; JSON.stringify(data).length < size; i++) data[`key-${i}.yaml`] = `value: ${rng.hex(40)}\nenabled: true\nthreshold: ${rng.int(1000)} # <tuned> & checked\n`;
  const meta = { name, namespace, resourceVersion: String(rng.int(1e8)) };
  if (kind === "ConfigMap") return { kind, apiVersion: "v1", metadata: meta, data };
  return { kind, metadata: { ...meta, annotations: data }, spec: { replicas: 1 + rng.int(5) }, status: { observedGeneration: rng.int(100) } };
}

/** One noise request; the mix is weighted towards what API servers log most. */
function noise(rng: Rng, w: ClusterWorld): Request {
  const a = w.actors;
  const kind = rng.weighted([
    [20, "lease"], [20, "get"], [8, "list"], [12, "watch"], [8, "event"], [8, "status"], [5, "token"],
    [2, "ds-status"], [3, "review"], [5, "nonresource"], [3, "notfound"], [1, "conflict"], [0.6, "app-403"],
    [2, "big-object"], [5, "system-reads"], [0.3, "addon-manager-apply"], [3, "controller-update"],
  ] as const);
  switch (kind) {
    case "lease": {
      const node = rng.chance(0.8);
      const actor = node ? pickActor(a.nodes, rng) : pickActor(a.controllers, rng);
      const name = node ? actor.user.username.slice("system:node:".length) : rng.pick(["kube-controller-manager", "kube-scheduler", "cloud-controller-manager"]);
      const t = target(rng, w, true, { resource: "leases", namespace: node ? "kube-node-lease" : "kube-system", name });
      const ref = { ...t.ref, resource: "leases", apiGroup: "coordination.k8s.io" };
      return { actor, verb: "update", requestURI: `/apis/coordination.k8s.io/v1/namespaces/${ref.namespace}/leases/${name}?timeout=10s`, objectRef: ref, code: 200, rbacReason: "" };
    }
    case "get":
    case "notfound": {
      const actor = anyActor(rng, w);
      const t = target(rng, w, true);
      const code = kind === "notfound" ? 404 : 200;
      return { actor, verb: "get", requestURI: t.path, objectRef: t.ref, code, rbacReason: rbac(actor), ...(code === 404 ? { failure: { reason: "NotFound", style: "new", message: `${t.ref.resource} "${t.ref.name}" not found` } as const } : {}) };
    }
    case "list": {
      const actor = anyActor(rng, w);
      const t = target(rng, w, false);
      return { actor, verb: "list", requestURI: `${t.path}?limit=500&resourceVersion=0`, objectRef: t.ref, code: 200, rbacReason: rbac(actor) };
    }
    case "watch": {
      const actor = anyActor(rng, w);
      const t = target(rng, w, false);
      const q = `?allowWatchBookmarks=true&resourceVersion=${rng.int(1e9)}&timeout=${5 + rng.int(5)}m${rng.int(60)}s&timeoutSeconds=${300 + rng.int(300)}&watch=true`;
      return { actor, verb: "watch", requestURI: t.path + q, objectRef: t.ref, code: 200, stage: rng.chance(0.5) ? "ResponseStarted" : "ResponseComplete", rbacReason: rbac(actor) };
    }
    case "event": {
      const actor = rng.chance(0.5) ? pickActor(a.nodes, rng) : pickActor(a.controllers, rng);
      const ns = rng.pick(["kube-system", "default", ...APP_NAMESPACE_LIST]);
      return { actor, verb: "create", requestURI: `/api/v1/namespaces/${ns}/events`, objectRef: { resource: "events", namespace: ns, name: `pod-${rng.hex(5)}.${rng.hex(16)}`, apiVersion: "v1" }, code: 201, rbacReason: "" };
    }
    case "status": {
      const actor = pickActor(a.nodes, rng);
      const t = rng.chance(0.7) ? target(rng, w, true, { resource: "pods" }) : target(rng, w, true, { resource: "nodes", name: actor.user.username.slice(12) });
      return { actor, verb: "patch", requestURI: `${t.path}/status?timeout=10s`, objectRef: { ...t.ref, subresource: "status" }, code: 200, rbacReason: "" };
    }
    case "token": {
      const actor = pickActor(a.nodes, rng);
      const sa = rng.pick(["aws-node", "kube-proxy", "coredns", "ebs-csi-node-sa", "eks-pod-identity-agent"]);
      return { actor, verb: "create", requestURI: `/api/v1/namespaces/kube-system/serviceaccounts/${sa}/token`, objectRef: { resource: "serviceaccounts", namespace: "kube-system", name: sa, apiVersion: "v1", subresource: "token" }, code: 201, rbacReason: "" };
    }
    case "ds-status": {
      const actor = a.controllers.find((c) => c.user.username.endsWith("daemon-set-controller"))!;
      const name = rng.pick(["aws-node", "kube-proxy", "eks-pod-identity-agent", "ebs-csi-node"]);
      return { actor, verb: "update", requestURI: `/apis/apps/v1/namespaces/kube-system/daemonsets/${name}/status`, objectRef: { resource: "daemonsets", namespace: "kube-system", name, apiGroup: "apps", apiVersion: "v1", subresource: "status" }, code: 200, rbacReason: rbac(actor) };
    }
    case "review": {
      const actor = pickActor([...a.addons, ...a.controllers], rng);
      const r = rng.pick(["subjectaccessreviews", "tokenreviews"]);
      return { actor, verb: "create", requestURI: `/apis/authorization.k8s.io/v1/${r}`, objectRef: { resource: r, apiGroup: "authorization.k8s.io", apiVersion: "v1" }, code: 201, rbacReason: rbac(actor) };
    }
    case "nonresource": {
      const actor = rng.chance(0.5) ? pickActor(a.eksSystem, rng) : { user: { username: "system:anonymous", groups: ["system:unauthenticated"] }, userAgent: "kube-probe/1.30+", sourceIP: "10.0.0.2" };
      return { actor, verb: "get", requestURI: rng.pick(["/healthz", "/livez", "/readyz?verbose", "/version", "/metrics", "/openapi/v2?timeout=32s"]), code: 200, rbacReason: 'RBAC: allowed by ClusterRoleBinding "system:public-info-viewer" of ClusterRole "system:public-info-viewer" to Group "system:unauthenticated"' };
    }
    case "conflict": {
      const actor = pickActor(a.controllers, rng);
      const t = target(rng, w, true, { resource: rng.pick(["deployments", "replicasets", "endpointslices"]) });
      return { actor, verb: "update", requestURI: t.path, objectRef: t.ref, code: 409, failure: { reason: "Conflict", style: "new", message: `Operation cannot be fulfilled on ${t.ref.resource} "${t.ref.name}": the object has been modified; please apply your changes to the latest version and try again` }, rbacReason: rbac(actor) };
    }
    case "app-403": {
      const actor = pickActor(a.apps, rng);
      const t = target(rng, w, true, { resource: rng.pick(["secrets", "configmaps", "pods"]) });
      return { actor, verb: "get", requestURI: t.path, objectRef: t.ref, code: 403, failure: forbidden(t, actor, "get") };
    }
    case "big-object": {
      // RequestResponse-level writes with bodies: GitOps applies, Argo CD status updates.
      const [resource, group, kind] = rng.pick([["configmaps", "", "ConfigMap"], ["deployments", "apps", "Deployment"], ["applications", "argoproj.io", "Application"]] as const);
      const actor = pickActor(resource === "applications" ? a.gitops : [...a.gitops, ...a.apps], rng);
      const ns = resource === "applications" ? "argocd" : rng.pick(APP_NAMESPACE_LIST);
      const name = `${resource.slice(0, 6)}-${rng.hex(5)}`;
      const base = group ? `/apis/${group}/v1` : "/api/v1";
      const ref: ObjectRef = { resource, namespace: ns, name, ...(group ? { apiGroup: group } : {}), apiVersion: group === "argoproj.io" ? "v1alpha1" : "v1" };
      const body = objectBody(rng, kind, name, ns, 1500 + rng.int(6000));
      const verb = resource === "applications" ? "patch" : "update";
      return { actor, verb, requestURI: `${base}/namespaces/${ns}/${resource}/${name}`, objectRef: ref, code: 200, level: "RequestResponse", requestObject: body, responseObject: body, rbacReason: rbac(actor) };
    }
    case "system-reads": {
      // The identities the rules watch, doing their routine (allowed) work.
      const actor = rng.chance(0.5) ? a.addons[0]! : a.eksSystem[rng.int(2)]!;
      const resource = rng.pick(["cninodes", "eniconfigs", "pods", "nodes", "daemonsets", "configmaps", "policyendpoints"]);
      // Patches only where routine (CNINode finalizers, pod IP annotations): a patch of
      // aws-node's own objects would be a real aws-node-modified finding.
      const verb = rng.pick(["get", "list", "watch", ...(["cninodes", "pods", "nodes"].includes(resource) ? ["patch"] : [])]);
      const name = resource === "daemonsets" ? "aws-node" : resource === "configmaps" ? "amazon-vpc-cni" : undefined;
      const t = target(rng, w, verb === "get" || verb === "patch", { resource, namespace: "kube-system", ...(name ? { name } : {}) });
      return { actor, verb, requestURI: t.path + (verb === "watch" ? "?watch=true&resourceVersion=1" : ""), objectRef: t.ref, code: 200, rbacReason: rbac(actor) };
    }
    case "addon-manager-apply": {
      const actor = a.eksSystem[1]!;
      const t = target(rng, w, true, { resource: "daemonsets", namespace: "kube-system", name: "aws-node" });
      return { actor, verb: "patch", requestURI: `${t.path}?fieldManager=eks&force=true`, objectRef: t.ref, code: 200, rbacReason: rbac(actor) };
    }
    case "controller-update": {
      const actor = pickActor(a.controllers, rng);
      const t = target(rng, w, true, { resource: rng.pick(["deployments", "replicasets", "endpointslices", "endpoints", "jobs"]) });
      return { actor, verb: rng.pick(["update", "patch"]), requestURI: t.path, objectRef: t.ref, code: 200, rbacReason: rbac(actor) };
    }
  }
}

/** One relevant request of the given kind. */
function relevant(rng: Rng, w: ClusterWorld, kind: Exclude<TrafficKind, "noise">, extraSystemUsers: readonly string[]): Request {
  const a = w.actors;
  switch (kind) {
    case "cninodes-403": {
      const actor = a.eksSystem[0]!;
      const verb = rng.pick(["patch", "update"]);
      const t = target(rng, w, true, { resource: "cninodes" });
      const style = rng.chance(0.8) ? "new" : "old";
      return { actor, verb, requestURI: t.path, objectRef: t.ref, code: 403, failure: { ...forbidden(t, actor, verb)!, style } };
    }
    case "system-403": {
      const users = [a.addons[0]!, a.eksSystem[1]!, ...extraSystemUsers.map((u) => ({ ...a.addons[0]!, user: { ...a.addons[0]!.user, username: u } }))];
      const actor = rng.pick(users);
      const verb = rng.pick(["list", "watch", "get", "patch"]);
      const t = target(rng, w, verb === "get" || verb === "patch", { resource: rng.pick(["policyendpoints", "clusterroles", "nodes", "eniconfigs"]) });
      return { actor, verb, requestURI: t.path, objectRef: t.ref, code: 403, failure: forbidden(t, actor, verb) };
    }
    case "aws-node-write": {
      const actor = rng.pick([...a.humans, ...a.gitops]);
      const [resource, name] = rng.pick([["daemonsets", "aws-node"], ["serviceaccounts", "aws-node"], ["configmaps", "amazon-vpc-cni"], ["clusterroles", "aws-node"], ["eniconfigs", "eu-west-1a"]] as const);
      const verb = rng.pick(["patch", "update", "create", "delete"]);
      const t = target(rng, w, true, { resource, namespace: "kube-system", name });
      return { actor, verb, requestURI: `${t.path}?fieldManager=kubectl-client-side-apply&fieldValidation=Strict`, objectRef: t.ref, code: verb === "create" ? 201 : 200, rbacReason: rbac(actor) };
    }
  }
}

export interface TrafficEvent {
  kind: TrafficKind;
  timeMs: number;
  record: Record<string, unknown>;
}

export interface TrafficOptions {
  /** Share of relevant events (0.005 = 0.5 %). */
  relevantRate: number;
  extraSystemUsers?: readonly string[];
}

/** One audit event at `timeMs` in `world`: relevant with probability `relevantRate`. */
export function nextTrafficEvent(rng: Rng, world: ClusterWorld, timeMs: number, opts: TrafficOptions): TrafficEvent {
  if (!rng.chance(opts.relevantRate)) return { kind: "noise", timeMs, record: auditEvent(rng, timeMs, noise(rng, world)) };
  const kind = rng.weighted([[4, "cninodes-403"], [3, "system-403"], [3, "aws-node-write"]] as const);
  return { kind, timeMs, record: auditEvent(rng, timeMs, relevant(rng, world, kind, opts.extraSystemUsers ?? [])) };
}
