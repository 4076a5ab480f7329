import type { K8sAuditRecord, Severity } from "../types.ts";
import type { AuditRule } from "./rule.ts";
import { ADDON_MANAGER, WRITE_VERBS, auditPlacement, dedupKey, fieldManagerOf, isWrite, makeFinding, succeeded, username } from "./predicates.ts";
import { block, clusterArg, code, howOften, regionArg, sections, str, strs, where } from "./text.ts";

/** The objects the VPC CNI add-on owns: resource → namespace (null: cluster-scoped) and name (null: any). */
const OWNED: ReadonlyArray<{ resource: string; apiGroup: string | null; namespace: string | null; name: string | null }> = [
  { resource: "daemonsets", apiGroup: "apps", namespace: "kube-system", name: "aws-node" },
  { resource: "serviceaccounts", apiGroup: null, namespace: "kube-system", name: "aws-node" },
  { resource: "configmaps", apiGroup: null, namespace: "kube-system", name: "amazon-vpc-cni" },
  { resource: "clusterroles", apiGroup: "rbac.authorization.k8s.io", namespace: null, name: "aws-node" },
  { resource: "clusterrolebindings", apiGroup: "rbac.authorization.k8s.io", namespace: null, name: "aws-node" },
  { resource: "eniconfigs", apiGroup: "crd.k8s.amazonaws.com", namespace: null, name: null },
];

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

function objectText(resource: string, name: string): string {
  if (resource === "eniconfigs") return `ENIConfig ${code(name)}`;
  const kind: Record<string, string> = {
    daemonsets: "DaemonSet",
    serviceaccounts: "ServiceAccount",
    configmaps: "ConfigMap",
    clusterroles: "ClusterRole",
    clusterrolebindings: "ClusterRoleBinding",
  };
  const ns = resource === "clusterroles" || resource === "clusterrolebindings" ? "" : "kube-system/";
  return `${kind[resource] ?? resource} ${code(ns + name)}`;
}

function impactOf(resource: string): string {
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
  trigger: { codeBelow: 400, verbs: [...WRITE_VERBS], resources: OWNED.map((o) => o.resource), noSubresource: true },

  match(event) {
    const r = event.record;
    const user = username(r);
    if (user === null || user === ADDON_MANAGER || !isWrite(r.verb) || !succeeded(r)) return undefined;
    const target = ownedTarget(r);
    if (!target) return undefined;
    const where = auditPlacement(event);
    const verb = r.verb ?? "update";
    const fieldManager = fieldManagerOf(r.requestURI);
    return makeFinding("aws-node-modified", event, where, {
      severity: severityOf(target.resource, verb),
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
    const verbText = (verbs.length > 0 ? verbs : [str(f, "verb") ?? "update"]).map(code).join(", ");
    const manager = str(f, "fieldManager");
    const ua = str(f, "userAgent");
    const cluster = clusterArg(alert);
    const region = regionArg(alert);
    const object = objectText(resource, name);
    const eni = resource === "eniconfigs";
    const fix = eni
      ? "if the change was not planned, restore the ENIConfig from its source (Git, Helm values) and replace nodes that picked up the wrong one:\n" +
        block(`kubectl get eniconfig ${name === "*" ? "" : name} -o yaml`, "kubectl get nodes -L k8s.amazonaws.com/eniConfig")
      : "make the add-on the only writer. Put settings in the add-on, not in the object:\n" +
        block(
          `aws eks update-addon --cluster-name ${cluster} --addon-name vpc-cni --configuration-values '{"env":{"<VAR>":"<value>"}}' --resolve-conflicts PRESERVE${region}`,
          `aws eks update-addon --cluster-name ${cluster} --addon-name vpc-cni --service-account-role-arn arn:aws:iam::<account>:role/<cni-role>${region}`,
        ) +
        "\nIf a Helm release, kubectl apply or a GitOps controller wrote it, stop that tool managing aws-node (or stop managing vpc-cni as an add-on). " +
        "To put back what the add-on defines:\n" +
        block(`aws eks update-addon --cluster-name ${cluster} --addon-name vpc-cni --resolve-conflicts OVERWRITE${region}`) +
        "\nIf vpc-cni is not a managed add-on here (self-managed manifest or Helm chart), this may be your normal deployment: " +
        "allow-list the deployer for `aws-node-modified` in the config.";
    const check = eni
      ? "`kubectl get eniconfig -o yaml` shows the intended subnets and security groups; new pods get IPs from the intended subnets."
      : block(
          `kubectl -n kube-system get ds aws-node --show-managed-fields -o jsonpath='{range .metadata.managedFields[*]}{.manager}{"\\n"}{end}'`,
          `kubectl -n kube-system get sa aws-node -o jsonpath='{.metadata.annotations.eks\\.amazonaws\\.com/role-arn}'`,
          `aws eks describe-addon --cluster-name ${cluster} --addon-name vpc-cni --query addon.health${region}`,
        ) + "\nOnly `eks` (and Kubernetes controllers) should manage aws-node; the role annotation is present; the add-on reports no issues.";
    const remediation = sections([
      [
        "What",
        `${code(user)} ran ${verbText} on ${object} in ${where(alert)}, ${howOften(alert)}` +
          (manager ? `; field manager ${code(manager)}` : "") +
          (ua ? `; user agent ${code(ua)}` : "") +
          ".",
      ],
      ["Impact", impactOf(resource)],
      ["Fix", fix],
      ["Check", check],
    ]);
    return {
      title: `${object.replace(/`/g, "")} changed outside the VPC CNI add-on by ${user}`,
      remediation,
    };
  },
};
