// The VPC resource controller's RBAC facts (amazon-vpc-resource-controller-k8s: Makefile,
// config/rbac/role.yaml, RC #418; domain-2026-12.md §3 "cninodes 403"): one place for the rule
// and the fleet check that name them.

/** The controller's Kubernetes user; `vpc-resource-controller-rolebinding` binds it to the ClusterRole. */
export const RC_USER_NAME = "eks:vpc-resource-controller";
export const RC_CLUSTER_ROLE = "vpc-resource-controller-role";
export const RC_CLUSTER_ROLE_BINDING = "vpc-resource-controller-rolebinding";

/** The CNINode CRD the maintainers' workaround applies first (RC #418 added spec.tags). */
export const CNINODE_CRD_URL =
  "https://raw.githubusercontent.com/aws/amazon-vpc-resource-controller-k8s/master/config/crd/bases/vpcresources.k8s.aws_cninodes.yaml";

/** The verbs upstream role.yaml grants on cninodes (patch/update are what #2926 needs). */
export const CNINODES_VERBS = ["get", "list", "watch", "create", "update", "patch", "delete"] as const;

/** The JSON patch that adds the cninodes rule to the ClusterRole. */
export const CNINODES_RULE_PATCH = JSON.stringify([
  { op: "add", path: "/rules/-", value: { apiGroups: ["vpcresources.k8s.aws"], resources: ["cninodes"], verbs: CNINODES_VERBS } },
]);
