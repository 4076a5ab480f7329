import { CNINODE_CRD_URL, CNINODES_RULE_PATCH, RC_CLUSTER_ROLE, RC_CLUSTER_ROLE_BINDING, RC_USER_NAME } from "../../catalog/index.ts";
import type { FleetCheck } from "../check.ts";
import { cmd, kubectl, md, paragraphs, sh, text } from "../commands.ts";

// Driven by what the cluster shows, not by a Kubernetes version: the VPC resource controller's
// CNINode updates refused with 403 (the cninodes-forbidden rule records them). No source names a
// Kubernetes version that fixes the ClusterRole (the maintainers spoke of an EKS platform fix for
// 1.29), so the fix is the maintainers' workaround, not an upgrade (vpc-cni #2926, RC #418).
export const check: FleetCheck = {
  id: "fleet/cninodes-rbac-gap",
  summary: "The VPC resource controller is refused CNINode updates: the vpc-resource-controller-role ClusterRole lacks cninodes verbs",
  looksAt:
    "cninodes-forbidden denials the stack's table recorded for the cluster (its windows, read by the scheduled fleet report; not known in the CLI or when the table is unreadable); never the Kubernetes version",
  severity: "high",
  references: [
    "https://github.com/aws/amazon-vpc-cni-k8s/issues/2926",
    "https://github.com/aws/amazon-vpc-resource-controller-k8s/blob/master/config/rbac/role.yaml",
  ],
  evaluate(c) {
    const denials = c.cninodesForbiddenDenials ?? 0;
    if (!Number.isFinite(denials) || denials <= 0) return [];
    return [
      {
        title: `${c.name}: ${RC_USER_NAME} was refused ${denials === 1 ? "a CNINode update" : `${denials} CNINode updates`} (cninodes RBAC gap)`,
        facts: { denials, kubernetesVersion: c.kubernetesVersion, platformVersion: c.platformVersion },
        remediation: paragraphs(
          md`The ${RC_CLUSTER_ROLE} ClusterRole, bound to the user ${RC_USER_NAME} by ${RC_CLUSTER_ROLE_BINDING}, lacks patch/update on cninodes.vpcresources.k8s.aws, which newer controller versions use; the 403s set off denied-action alarms. The maintainers' workaround: update the CNINode CRD from the controller repository, then grant the verbs:`,
          sh(
            kubectl(c, "apply", "-f", CNINODE_CRD_URL),
            cmd("kubectl", "patch", "clusterrole", RC_CLUSTER_ROLE, "--type=json", ["-p=", CNINODES_RULE_PATCH]),
          ),
          text(
            "Check: `kubectl auth can-i patch cninodes.vpcresources.k8s.aws --as=eks:vpc-resource-controller` answers `yes`. " +
              "No Kubernetes version is known to fix the role; if you upgrade for other reasons, take the target from fleet/kubernetes-support (versions EKS still supports).",
          ),
        ),
      },
    ];
  },
};
