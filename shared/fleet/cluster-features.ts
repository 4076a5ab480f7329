// The catalog features of a cluster's vpc-cni, from the add-on configuration and what the
// EKS API shows besides: the IP family is the cluster's (kubernetesNetworkConfig.ipFamily,
// fixed at creation), subnet discovery is on unless ENABLE_SUBNET_DISCOVERY=false (the default
// from v1.18.0), and Pod Identity associations of aws-node count as "pod-identity".
import { FEATURES, featuresFromConfiguration, type Feature } from "../catalog/index.ts";
import { awsNodeUsesPodIdentity } from "./check.ts";
import type { ClusterSnapshot } from "./snapshot.ts";

export interface ClusterFeatures {
  features: Feature[];
  env: Record<string, string>;
  /** Why the configuration could not be read (features then come from the API only). */
  error: string | null;
}

export function clusterFeatures(c: ClusterSnapshot): ClusterFeatures {
  const cni = c.addons.find((a) => a.name === "vpc-cni");
  const parsed = featuresFromConfiguration(cni?.configurationValues ?? null);
  const on = new Set<Feature>(parsed.features);
  if (c.ipFamily?.toLowerCase() === "ipv6") on.add("ipv6");
  if (!on.has("subnet-discovery-off")) on.add("subnet-discovery");
  if (awsNodeUsesPodIdentity(c)) on.add("pod-identity");
  return { features: FEATURES.filter((f) => on.has(f)), env: parsed.env, error: parsed.error };
}
