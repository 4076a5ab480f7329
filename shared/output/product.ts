/** How findings name their producer (OCSF metadata.product, SARIF tool, ASFF ProductFields). */
export const PRODUCT = {
  name: "cni-auditor",
  vendor: "cni-auditor",
} as const;

/** AWS partition of a region, for ARNs (findings name the cluster by ARN). */
export function partitionOf(region: string): "aws" | "aws-cn" | "aws-us-gov" {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}
