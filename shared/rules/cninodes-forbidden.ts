import { SET_LIMIT } from "../core/limits.ts";
import type { AuditRule } from "./rule.ts";
import { RC_USER, auditPlacement, dedupKey, isForbidden, makeFinding, username } from "./predicates.ts";
import { block, clusterArg, code, howOften, num, plural, regionArg, sampleText, sections, strs, where } from "./text.ts";

const NODE_SAMPLE = 20;
const ALL_VERBS = ["get", "list", "watch", "create", "update", "patch", "delete"];

/** The controller version from its user agent (`vpc-resource-controller/v1.6.3`; older builds: `controller/v0.0.0 …`). */
function controllerVersion(ua: string | undefined): string | null {
  const m = ua ? /^vpc-resource-controller\/(\S+)/.exec(ua) : null;
  return m?.[1] ?? null;
}

export const cninodesForbidden: AuditRule = {
  id: "cninodes-forbidden",
  source: "audit",
  summary:
    "eks:vpc-resource-controller is forbidden on cninodes.vpcresources.k8s.aws (EKS 1.29 RBAC gap, fixed in 1.30): CNINode updates for Pod ENI fail.",
  defaultSeverity: "high",
  dedupKeyDoc: "account | region | cninodes-forbidden | cluster",
  references: [
    "https://github.com/aws/amazon-vpc-cni-k8s/issues/2926",
    "https://github.com/aws/amazon-vpc-resource-controller-k8s/blob/master/config/rbac/role.yaml",
  ],
  trigger: { codes: [403], resources: ["cninodes"], users: [RC_USER] },

  match(event) {
    const r = event.record;
    const ref = r.objectRef;
    if (username(r) !== RC_USER || !isForbidden(r) || ref?.resource !== "cninodes") return undefined;
    if (ref.apiGroup !== undefined && ref.apiGroup !== "vpcresources.k8s.aws") return undefined;
    const where = auditPlacement(event);
    const version = controllerVersion(r.userAgent);
    return makeFinding("cninodes-forbidden", event, where, {
      severity: "high",
      dedupKey: dedupKey("cninodes-forbidden", where, where.cluster),
      actor: RC_USER,
      facts: {
        verbs: r.verb ? [r.verb] : [],
        nodes: ref.name ? [ref.name] : [],
        userAgents: r.userAgent ? [r.userAgent] : [],
        ...(version ? { controllerVersion: version } : {}),
      },
    });
  },

  render(alert) {
    const verbs = strs(alert.facts, "verbs");
    const nodes = strs(alert.facts, "nodes");
    const nodeCount = Math.max(nodes.length, num(alert.facts, "nodeCount") ?? 0);
    const verbText = verbs.length > 0 ? verbs.join("/") : "update";
    // Stored sets stop at SET_LIMIT members (item size): past it the count is a lower bound.
    const nodesTruncated = nodes.length >= SET_LIMIT;
    const onNodes = nodeCount === 0 ? "" : nodesTruncated ? ` on ${nodeCount}+ nodes` : ` on ${plural(nodeCount, "node")}`;
    const cluster = clusterArg(alert);
    const patch = JSON.stringify([
      { op: "add", path: "/rules/-", value: { apiGroups: ["vpcresources.k8s.aws"], resources: ["cninodes"], verbs: ALL_VERBS } },
    ]);
    const remediation = sections([
      [
        "What",
        `${code(RC_USER)} was refused ${verbs.map(code).join(", ") || "requests"} on ` +
          `${code("cninodes.vpcresources.k8s.aws")} in ${where(alert)}, ${howOften(alert)}` +
          (nodes.length > 0 ? ` (nodes ${sampleText(nodes, 3, nodeCount)}).` : "."),
      ],
      [
        "Impact",
        "the controller's CNINode updates (finalizers, tags) for Pod ENI / security groups for pods fail on these nodes; " +
          "generic \"denied actions\" alarms fire and hide real denials.",
      ],
      [
        "Cause",
        "EKS 1.29 clusters carry a `vpc-resource-controller-role` ClusterRole without `patch`/`update` on `cninodes`, " +
          "which newer controller versions need (amazon-vpc-cni-k8s #2926); EKS fixed the role in 1.30.",
      ],
      [
        "Fix (lasting)",
        `upgrade the control plane to 1.30 or later:\n` +
          block(`aws eks update-cluster-version --name ${cluster} --kubernetes-version 1.30${regionArg(alert)}`),
      ],
      [
        "Fix (now)",
        "check the CNINode CRD is present (`kubectl get crd cninodes.vpcresources.k8s.aws`), grant the missing verbs, " +
          "and re-check after EKS reconciles its roles:\n" +
          block(`kubectl patch clusterrole vpc-resource-controller-role --type=json \\\n  -p='${patch}'`),
      ],
      [
        "Check",
        `\`kubectl auth can-i ${verbs[0] ?? "patch"} cninodes.vpcresources.k8s.aws --as=${RC_USER}\` → \`yes\`; ` +
          "the next window brings no new alert.",
      ],
    ]);
    return {
      title: `The VPC resource controller is forbidden to ${verbText} CNINode objects — ${plural(alert.count, "denial")}${onNodes}`,
      remediation,
      facts: { ...alert.facts, verbs, nodes: nodes.slice(0, NODE_SAMPLE), nodeCount, ...(nodesTruncated ? { nodeCountIsLowerBound: true } : {}) },
    };
  },
};
