import { factTruncated, SET_LIMIT } from "../core/limits.ts";
import type { AuditRule } from "./rule.ts";
import { RC_USER, auditPlacement, dedupKey, isForbidden, makeFinding, username } from "./predicates.ts";
import { checked } from "../render/command-values.ts";
import { CNINODE_CRD_URL, CNINODES_RULE_PATCH, RC_CLUSTER_ROLE, RC_CLUSTER_ROLE_BINDING } from "../catalog/index.ts";
import { block, cat, cmd, code, cont, howOften, inlineCommand, join, md, text, num, plural, regionArg, sampleText, sections, strs, where } from "./text.ts";

const NODE_SAMPLE = 20;


/** The controller version from its user agent (`vpc-resource-controller/v1.6.3`; older builds: `controller/v0.0.0 …`). */
function controllerVersion(ua: string | undefined): string | null {
  const m = ua ? /^vpc-resource-controller\/(\S+)/.exec(ua) : null;
  return m?.[1] ?? null;
}

export const cninodesForbidden: AuditRule = {
  id: "cninodes-forbidden",
  source: "audit",
  summary:
    "eks:vpc-resource-controller is forbidden on cninodes.vpcresources.k8s.aws (the vpc-resource-controller-role ClusterRole lacks verbs newer controllers use): its CNINode updates fail.",
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
    const patch = CNINODES_RULE_PATCH;
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
          "the controller's CNINode updates (tags, finalizers) are refused on these nodes; the reports (amazon-vpc-cni-k8s #2926) show " +
            'the 403s as noise that sets off generic "denied actions" alarms and hides real denials.',
        ),
      ],
      [
        "Cause",
        md`the ${code(RC_CLUSTER_ROLE)} ClusterRole (bound to the user ${code(RC_USER)} by ${code(RC_CLUSTER_ROLE_BINDING)}) lacks ${code("patch")}/${code("update")} on ${code("cninodes")}, which newer controller versions use (#2926, controller #418); the maintainers spoke of an EKS platform fix for 1.29 clusters, and no source names a Kubernetes version that fixes it.`,
      ],
      [
        "Fix",
        [
          text(
            "the maintainers' workaround: update the CNINode CRD from the controller repository, then grant the missing verbs " +
              "(EKS may reconcile its roles later; re-check after platform updates):",
          ),
          block(
            cmd("kubectl", "apply", "-f", CNINODE_CRD_URL),
            cmd("kubectl", "patch", "clusterrole", RC_CLUSTER_ROLE, "--type=json", cont, ["-p=", patch]),
          ),
          md`Upgrading the control plane is not the fix; if you upgrade anyway, pick a version EKS still supports: ${inlineCommand(cmd("aws", "eks", "describe-cluster-versions", "--query", "clusterVersions[].[clusterVersion,versionStatus]", ...regionArg(alert)))}.`,
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
