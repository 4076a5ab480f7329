import { factTruncated, SET_LIMIT } from "../core/limits.ts";
import type { AuditRule } from "./rule.ts";
import { RC_USER, auditPlacement, dedupKey, isForbidden, makeFinding, username } from "./predicates.ts";
import { checked } from "../render/command-values.ts";
import { block, cat, clusterArg, cmd, code, cont, howOften, inlineCommand, join, md, text, num, plural, regionArg, sampleText, sections, strs, where } from "./text.ts";

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
    // Stored sets stop at SET_LIMIT members, or fewer when the item's size needed it: then the
    // count is a lower bound.
    const nodesTruncated = nodes.length >= SET_LIMIT || factTruncated(alert.facts, "nodes");
    const onNodes = nodeCount === 0 ? "" : nodesTruncated ? ` on ${nodeCount}+ nodes` : ` on ${plural(nodeCount, "node")}`;
    const cluster = clusterArg(alert);
    const patch = JSON.stringify([
      { op: "add", path: "/rules/-", value: { apiGroups: ["vpcresources.k8s.aws"], resources: ["cninodes"], verbs: ALL_VERBS } },
    ]);
    const remediation = sections([
      [
        "What",
        cat(
          md`${code(RC_USER)} was refused ${verbs.length > 0 ? join(verbs.map(code), ", ") : "requests"} on `,
          md`${code("cninodes.vpcresources.k8s.aws")} in ${where(alert)}, ${howOften(alert)}`,
          nodes.length > 0 ? md` (nodes ${sampleText(nodes, 3, nodeCount)}).` : md`.`,
        ),
      ],
      [
        "Impact",
        text(
          "the controller's CNINode updates (finalizers, tags) for Pod ENI / security groups for pods fail on these nodes; " +
            'generic "denied actions" alarms fire and hide real denials.',
        ),
      ],
      [
        "Cause",
        text(
          "EKS 1.29 clusters carry a `vpc-resource-controller-role` ClusterRole without `patch`/`update` on `cninodes`, " +
            "which newer controller versions need (amazon-vpc-cni-k8s #2926); EKS fixed the role in 1.30.",
        ),
      ],
      [
        "Fix (lasting)",
        [
          md`upgrade the control plane to 1.30 or later:`,
          block(cmd("aws", "eks", "update-cluster-version", "--name", cluster, "--kubernetes-version", "1.30", ...regionArg(alert))),
        ],
      ],
      [
        "Fix (now)",
        [
          text(
            "check the CNINode CRD is present (`kubectl get crd cninodes.vpcresources.k8s.aws`), grant the missing verbs, " +
              "and re-check after EKS reconciles its roles:",
          ),
          block(cmd("kubectl", "patch", "clusterrole", "vpc-resource-controller-role", "--type=json", cont, ["-p=", patch])),
        ],
      ],
      [
        "Check",
        md`${inlineCommand(cmd("kubectl", "auth", "can-i", checked("k8sVerb", verbs[0] ?? "patch"), "cninodes.vpcresources.k8s.aws", ["--as=", RC_USER]))} → \`yes\`; the next window brings no new alert.`,
      ],
    ]);
    return {
      title: `The VPC resource controller is forbidden to ${verbText} CNINode objects — ${plural(alert.count, "denial")}${onNodes}`,
      remediation,
      facts: { ...alert.facts, verbs, nodes: nodes.slice(0, NODE_SAMPLE), nodeCount, ...(nodesTruncated ? { nodeCountIsLowerBound: true } : {}) },
    };
  },
};
