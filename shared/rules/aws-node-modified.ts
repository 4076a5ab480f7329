import type { K8sAuditRecord, Severity } from "../types.ts";
import type { AuditObject, AuditRule } from "./rule.ts";
import { ADDON_MANAGER, WRITE_VERBS, addonManagerDoubt, auditPlacement, dedupKey, fieldManagerOf, isDryRun, isWrite, makeFinding, succeeded, username } from "./predicates.ts";
import { isObject } from "../core/object.ts";
import { blank, checked } from "../render/command-values.ts";
import type { Inline } from "../render/remediation.ts";
import { block, cat, clusterArg, cmd, code, howOften, join, md, partitionArg, regionArg, sections, str, strs, text, where } from "./text.ts";

/** The objects the VPC CNI add-on owns: resource → namespace (null: cluster-scoped) and name (null: any). */
const OWNED: ReadonlyArray<{ resource: string; apiGroup: string | null; namespace: string | null; name: string | null }> = [
  { resource: "daemonsets", apiGroup: "apps", namespace: "kube-system", name: "aws-node" },
  { resource: "serviceaccounts", apiGroup: null, namespace: "kube-system", name: "aws-node" },
  { resource: "configmaps", apiGroup: null, namespace: "kube-system", name: "amazon-vpc-cni" },
  { resource: "clusterroles", apiGroup: "rbac.authorization.k8s.io", namespace: null, name: "aws-node" },
  { resource: "clusterrolebindings", apiGroup: "rbac.authorization.k8s.io", namespace: null, name: "aws-node" },
  { resource: "eniconfigs", apiGroup: "crd.k8s.amazonaws.com", namespace: null, name: null },
];

/**
 * The owned objects as trigger terms, one per name (short enough for the filter pattern's 1024
 * characters): a namespace is checked where all objects of that name share one.
 */
function objectsByName(owned: typeof OWNED): AuditObject[] {
  const names = [...new Set(owned.map((o) => o.name))];
  return names.map((name) => {
    const of = owned.filter((o) => o.name === name);
    const spaces = [...new Set(of.map((o) => o.namespace))];
    const namespace = spaces.length === 1 ? spaces[0] : null;
    return { resources: of.map((o) => o.resource), ...(namespace ? { namespace } : {}), ...(name !== null ? { name } : {}) };
  });
}

/** The owned object a request writes, or null. A collection delete without a name counts as "*". */
function ownedTarget(r: K8sAuditRecord): { resource: string; name: string } | null {
  const ref = r.objectRef;
  if (!ref?.resource || ref.subresource) return null; // serviceaccounts/token, daemonsets/status: routine
  const spec = OWNED.find((o) => o.resource === ref.resource);
  if (!spec) return null;
  const group = ref.apiGroup || null; // the core group is absent (or empty)
  if (group !== null && group !== spec.apiGroup) return null;
  if ((ref.namespace ?? null) !== spec.namespace) return null;
  const name = ref.name ?? (r.verb === "deletecollection" ? "*" : null);
  if (name === null) return null;
  if (spec.name !== null && name !== spec.name && name !== "*") return null;
  return { resource: ref.resource, name };
}

function severityOf(resource: string, verb: string): Severity {
  const deleting = verb === "delete" || verb === "deletecollection";
  if (resource === "daemonsets") return deleting ? "critical" : "medium";
  if (resource === "eniconfigs") return deleting ? "high" : "low";
  return deleting ? "high" : "medium";
}

const RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

/**
 * `kubectl rollout restart` (field manager `kubectl-rollout`): the fix this tool recommends. Proven
 * when the logged body sets only the restartedAt annotation; without a body (audit level Metadata)
 * the field manager is the client's word, so it stays a low alert rather than info.
 */
function restartKind(r: K8sAuditRecord, manager: string | null): "restart" | "restart-unverified" | null {
  if (manager !== "kubectl-rollout" || r.verb !== "patch" || r.objectRef?.resource !== "daemonsets") return null;
  const body = r.requestObject;
  if (body === undefined) return "restart-unverified";
  const keys = (o: unknown): string[] => (isObject(o) ? Object.keys(o) : []);
  const only = (o: unknown, k: string): unknown => (keys(o).length === 1 && keys(o)[0] === k ? (o as Record<string, unknown>)[k] : undefined);
  const annotations = only(only(only(only(body, "spec"), "template"), "metadata"), "annotations");
  return typeof only(annotations, RESTARTED_AT) === "string" ? "restart" : null;
}

function objectText(resource: string, name: string): Inline {
  if (resource === "eniconfigs") return md`ENIConfig ${code(name)}`;
  const kind: Record<string, string> = {
    daemonsets: "DaemonSet",
    serviceaccounts: "ServiceAccount",
    configmaps: "ConfigMap",
    clusterroles: "ClusterRole",
    clusterrolebindings: "ClusterRoleBinding",
  };
  const ns = resource === "clusterroles" || resource === "clusterrolebindings" ? "" : "kube-system/";
  return md`${kind[resource] ?? resource} ${code(ns + name)}`;
}

function impactOf(resource: string): Inline {
  return text(impactText(resource));
}

function impactText(resource: string): string {
  if (resource === "eniconfigs")
    return "custom networking reads ENIConfigs when it creates ENIs: new ENIs on nodes selecting this ENIConfig use the new subnet " +
      "and security groups (existing ENIs keep theirs until the node is replaced); a deleted ENIConfig stops new ENIs on those nodes.";
  const own =
    "the managed add-on owns this object through server-side apply (field manager `eks`): the next add-on update with " +
    "`--resolve-conflicts OVERWRITE` undoes the change, and with `PRESERVE`/`NONE` it can fail with `ConfigurationConflict` " +
    "(amazon-vpc-cni-k8s #2607). Helm labels on aws-node do not prove a Helm release: EKS pre-installs them (#2763).";
  if (resource === "serviceaccounts")
    return `${own} Re-creating the ServiceAccount drops its \`eks.amazonaws.com/role-arn\` annotation, so aws-node falls back to the ` +
      "node's instance role and EC2 calls are denied (terraform-aws-eks #2880).";
  if (resource === "daemonsets") return `${own} A deleted aws-node DaemonSet leaves new nodes without pod networking.`;
  return own;
}

function renderRestart(alert: Parameters<AuditRule["render"]>[0], user: string, proven: boolean): ReturnType<AuditRule["render"]> {
  return {
    title: `aws-node DaemonSet restarted by ${user}`,
    remediation: sections([
      [
        "What",
        cat(
          md`${code(user)} ran ${code("kubectl rollout restart")} on DaemonSet ${code("kube-system/aws-node")} in ${where(alert)}, ${howOften(alert)}`,
          text(proven ? " (the request set only the restartedAt annotation)." : "; the request body is not in the audit log, so only the field manager says it was a restart."),
        ),
      ],
      ["Impact", text("aws-node pods restart one node at a time; pods already running keep their IPs. This is the restart the other alerts recommend.")],
      ["Fix", text("nothing, if the restart was planned; if not, ask its user why it was run.")],
      ["Check", block(cmd("kubectl", "-n", "kube-system", "rollout", "status", "daemonset", "aws-node"))],
    ]),
  };
}

export const awsNodeModified: AuditRule = {
  id: "aws-node-modified",
  source: "audit",
  summary:
    "Writes to the objects the VPC CNI add-on owns (aws-node DaemonSet/ServiceAccount/ClusterRole/ClusterRoleBinding, amazon-vpc-cni ConfigMap, ENIConfigs) by anyone but eks:addon-manager.",
  defaultSeverity: "medium",
  dedupKeyDoc: "account | region | aws-node-modified | cluster | user | resource | name",
  references: [
    "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-field-management.html",
    "https://github.com/aws/amazon-vpc-cni-k8s/issues/2607",
    "https://github.com/aws/amazon-vpc-cni-k8s/issues/2763",
    "https://github.com/terraform-aws-modules/terraform-aws-eks/issues/2880",
  ],
  trigger: {
    codeBelow: 400,
    verbs: [...WRITE_VERBS],
    resources: OWNED.map((o) => o.resource),
    noSubresource: true,
    // Only the CNI's own objects: other ConfigMaps, ServiceAccounts and DaemonSets never reach Lambda.
    objects: objectsByName(OWNED),
  },

  match(event) {
    const r = event.record;
    const user = username(r);
    if (user === null || !isWrite(r.verb) || !succeeded(r)) return undefined;
    if (isDryRun(r.requestURI)) return undefined; // a server dry run changes nothing
    const target = ownedTarget(r);
    if (!target) return undefined;
    const where = auditPlacement(event);
    // The name is not the identity: a role mapped to the username eks:addon-manager is not EKS.
    const impostor = user === ADDON_MANAGER ? addonManagerDoubt(r, where.account) : null;
    if (user === ADDON_MANAGER && impostor === null) return undefined;
    const verb = r.verb ?? "update";
    const fieldManager = fieldManagerOf(r.requestURI);
    const restart = impostor === null ? restartKind(r, fieldManager) : null;
    let severity: Severity = restart === "restart" ? "info" : restart === "restart-unverified" ? "low" : severityOf(target.resource, verb);
    if (impostor !== null && severity !== "critical") severity = "high";
    return makeFinding("aws-node-modified", event, where, {
      severity,
      dedupKey: dedupKey("aws-node-modified", where, where.cluster, user, target.resource, target.name),
      actor: user,
      facts: {
        user,
        verb,
        verbs: [verb],
        resource: target.resource,
        name: target.name,
        namespace: r.objectRef?.namespace ?? null,
        fieldManager,
        userAgent: r.userAgent ?? null,
        ...(restart ? { change: restart } : {}),
        ...(impostor ? { notAddonManager: impostor } : {}),
        ...(r.impersonatedUser?.username ? { impersonatedUser: r.impersonatedUser.username } : {}),
      },
    });
  },

  render(alert) {
    const f = alert.facts;
    const user = str(f, "user") ?? "someone";
    const resource = str(f, "resource") ?? "daemonsets";
    const name = str(f, "name") ?? "aws-node";
    const verbs = strs(f, "verbs");
    const verbText = join((verbs.length > 0 ? verbs : [str(f, "verb") ?? "update"]).map(code), ", ");
    const manager = str(f, "fieldManager");
    const ua = str(f, "userAgent");
    const cluster = clusterArg(alert);
    const region = regionArg(alert);
    const object = objectText(resource, name);
    const eni = resource === "eniconfigs";
    const addon = (...args: string[]) => cmd("aws", "eks", "update-addon", "--cluster-name", cluster, "--addon-name", "vpc-cni", ...args, ...region);
    const fix = eni
      ? [
          text("if the change was not planned, restore the ENIConfig from its source (Git, Helm values) and replace nodes that picked up the wrong one:"),
          block(cmd("kubectl", "get", "eniconfig", name !== "*" && checked("k8sName", name), "-o", "yaml"), cmd("kubectl", "get", "nodes", "-L", "k8s.amazonaws.com/eniConfig")),
        ]
      : [
          text("make the add-on the only writer. Put settings in the add-on, not in the object:"),
          block(
            addon("--configuration-values", '{"env":{"<VAR>":"<value>"}}', "--resolve-conflicts", "PRESERVE"),
            cmd("aws", "eks", "update-addon", "--cluster-name", cluster, "--addon-name", "vpc-cni", "--service-account-role-arn", ["arn:", partitionArg(alert), ":iam::", checked("account", alert.account), ":role/", blank("<cni-role>")], ...region),
          ),
          text(
            "If a Helm release, kubectl apply or a GitOps controller wrote it, stop that tool managing aws-node (or stop managing vpc-cni as an add-on). " +
              "To put back what the add-on defines:",
          ),
          block(addon("--resolve-conflicts", "OVERWRITE")),
          text(
            "If vpc-cni is not a managed add-on here (self-managed manifest or Helm chart), this may be your normal deployment: " +
              "allow-list the deployer for `aws-node-modified` in the config.",
          ),
        ];
    const check = eni
      ? text("`kubectl get eniconfig -o yaml` shows the intended subnets and security groups; new pods get IPs from the intended subnets.")
      : [
          block(
            cmd("kubectl", "-n", "kube-system", "get", "ds", "aws-node", "--show-managed-fields", "-o", ["jsonpath=", '{range .metadata.managedFields[*]}{.manager}{"\\n"}{end}']),
            cmd("kubectl", "-n", "kube-system", "get", "sa", "aws-node", "-o", ["jsonpath=", "{.metadata.annotations.eks\\.amazonaws\\.com/role-arn}"]),
            cmd("aws", "eks", "describe-addon", "--cluster-name", cluster, "--addon-name", "vpc-cni", "--query", "addon.health", ...region),
          ),
          text("Only `eks` (and Kubernetes controllers) should manage aws-node; the role annotation is present; the add-on reports no issues."),
        ];
    const change = str(f, "change");
    const impostor = str(f, "notAddonManager");
    if (change !== null && impostor === null) return renderRestart(alert, user, change === "restart");
    const remediation = sections([
      [
        "What",
        cat(
          md`${code(user)} ran ${verbText} on ${object} in ${where(alert)}, ${howOften(alert)}`,
          manager ? md`; field manager ${code(manager)}` : [],
          ua ? md`; user agent ${code(ua)}` : [],
          md`.`,
        ),
      ],
      [
        "Identity",
        impostor
          ? [
              text(`the user is named ${ADDON_MANAGER} but is not the EKS add-on manager: ${impostor}. Find the aws-auth mapping or access entry that names it and remove it:`),
              block(cmd("kubectl", "-n", "kube-system", "get", "configmap", "aws-auth", "-o", "yaml"), cmd("aws", "eks", "list-access-entries", "--cluster-name", cluster, ...region)),
            ]
          : null,
      ],
      ["Impact", impactOf(resource)],
      ["Fix", fix],
      ["Check", check],
    ]);
    return {
      title: `${object.map((x) => ("text" in x ? x.text : x.label)).join("")} changed outside the VPC CNI add-on by ${user}`,
      remediation,
    };
  },
};
