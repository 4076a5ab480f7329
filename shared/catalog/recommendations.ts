// Version floors: the README's oldest recommended VPC CNI per Kubernetes
// version, and the Pod Identity minimums from the EKS user guide.

export const OLDEST_RECOMMENDED_CNI: Readonly<Record<string, string>> = {
  "1.33": "v1.17.1",
  "1.32": "v1.17.1",
  "1.31": "v1.16.4",
  "1.30": "v1.16.0",
  "1.29": "v1.14.1",
  "1.28": "v1.13.4",
};

/** Minimum vpc-cni add-on version for EKS Pod Identity (EKS UG add-ons-iam). */
export const MIN_POD_IDENTITY_CNI = "v1.15.5-eksbuild.1";

/** First eks-pod-identity-agent that tolerates not-ready nodes (amazon-vpc-cni-k8s #2780). */
export const MIN_POD_IDENTITY_AGENT = "v1.2.0-eksbuild.1";
