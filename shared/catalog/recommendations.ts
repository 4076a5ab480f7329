// Version floors: the README's oldest recommended VPC CNI per Kubernetes
// version, and the Pod Identity minimums from the EKS user guide.

/**
 * The README's rows for Kubernetes versions EKS still supports (December 2026: 1.32–1.36). The
 * README stops at 1.33, and its 1.28–1.31 rows are for ended versions, so they are gone; for
 * versions without a row the fleet takes the oldest add-on build DescribeAddonVersions lists as
 * compatible (domain-2026-12.md §4).
 */
export const OLDEST_RECOMMENDED_CNI: Readonly<Record<string, string>> = {
  "1.33": "v1.17.1",
  "1.32": "v1.17.1",
};

/** Minimum vpc-cni add-on version for EKS Pod Identity (EKS UG add-ons-iam). */
export const MIN_POD_IDENTITY_CNI = "v1.15.5-eksbuild.1";

/** First eks-pod-identity-agent that tolerates not-ready nodes (amazon-vpc-cni-k8s #2780). */
export const MIN_POD_IDENTITY_AGENT = "v1.2.0-eksbuild.1";
