// Which VPC CNI features an add-on configuration turns on (its environment
// variables and configurationValues keys). Known issues are conditioned on these names.
import { isObject } from "../core/object.ts";

export type Feature =
  | "custom-networking"
  | "pod-eni"
  | "prefix-delegation"
  | "ipv6"
  | "network-policy"
  | "network-policy-enforcing-mode"
  | "subnet-discovery"
  /** ENABLE_SUBNET_DISCOVERY explicitly "false": subnet discovery is on by default from v1.18.0. */
  | "subnet-discovery-off"
  | "imds-only"
  | "multi-nic"
  | "external-snat"
  | "v4-egress"
  | "v6-egress"
  | "annotate-pod-ip"
  | "windows-ipam"
  /** Not a configuration value: the add-on request carried Pod Identity associations. */
  | "pod-identity";

export const FEATURES: readonly Feature[] = [
  "custom-networking",
  "pod-eni",
  "prefix-delegation",
  "ipv6",
  "network-policy",
  "network-policy-enforcing-mode",
  "subnet-discovery",
  "subnet-discovery-off",
  "imds-only",
  "multi-nic",
  "external-snat",
  "v4-egress",
  "v6-egress",
  "annotate-pod-ip",
  "windows-ipam",
  "pod-identity",
];

/** Boolean environment variables and the feature each one turns on when "true". */
const ENV_FLAGS: ReadonlyArray<[string, Feature]> = [
  ["AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG", "custom-networking"],
  ["ENABLE_POD_ENI", "pod-eni"],
  ["ENABLE_PREFIX_DELEGATION", "prefix-delegation"],
  ["ENABLE_IPv6", "ipv6"],
  ["ENABLE_SUBNET_DISCOVERY", "subnet-discovery"],
  ["ENABLE_IMDS_ONLY_MODE", "imds-only"],
  ["ENABLE_MULTI_NIC", "multi-nic"],
  ["AWS_VPC_K8S_CNI_EXTERNALSNAT", "external-snat"],
  ["ENABLE_V4_EGRESS", "v4-egress"],
  ["ENABLE_V6_EGRESS", "v6-egress"],
  ["ANNOTATE_POD_IP", "annotate-pod-ip"],
];

function isTrue(v: unknown): boolean {
  return v === true || (typeof v === "string" && v.trim().toLowerCase() === "true");
}

/** Environment values as strings (the schema wants strings; people write booleans too). */
function envOf(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(v)) return out;
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === "string") out[k] = x;
    else if (typeof x === "number" || typeof x === "boolean") out[k] = String(x);
  }
  return out;
}

export interface ConfigurationFeatures {
  features: Feature[];
  /** The aws-node environment the configuration sets (`init.env` first, `env` wins). */
  env: Record<string, string>;
  /** Why the configuration could not be read; features are then empty. */
  error: string | null;
}

function parse(value: string | Record<string, unknown>): Record<string, unknown> | string {
  if (typeof value !== "string") return value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    // EKS also accepts YAML here; the auditor reads JSON only and says so (without echoing the value).
    return "configurationValues is not JSON (YAML configurations are not read)";
  }
  return isObject(parsed) ? parsed : "configurationValues is not a JSON object";
}

/** Never throws: a value that cannot be read gives no features and an `error`. */
export function featuresFromConfiguration(
  configurationValues: string | Record<string, unknown> | undefined | null,
): ConfigurationFeatures {
  if (configurationValues === undefined || configurationValues === null) return { features: [], env: {}, error: null };
  if (typeof configurationValues === "string" && configurationValues.trim() === "") {
    return { features: [], env: {}, error: null };
  }
  const config = parse(configurationValues);
  if (typeof config === "string") return { features: [], env: {}, error: config };

  const init = isObject(config.init) ? config.init : {};
  const env = { ...envOf(init.env), ...envOf(config.env) };
  const on = new Set<Feature>();
  for (const [name, feature] of ENV_FLAGS) if (isTrue(env[name])) on.add(feature);
  if ((env.ENABLE_SUBNET_DISCOVERY ?? "").trim().toLowerCase() === "false") on.add("subnet-discovery-off");
  if ((env.NETWORK_POLICY_ENFORCING_MODE ?? "").trim() !== "") on.add("network-policy-enforcing-mode");
  if (isTrue(config.enableNetworkPolicy)) on.add("network-policy");
  if (isTrue(config.enableWindowsIpam)) on.add("windows-ipam");
  return { features: FEATURES.filter((f) => on.has(f)), env, error: null };
}
