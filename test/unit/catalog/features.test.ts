import { describe, expect, it } from "vitest";
import { featuresFromConfiguration } from "../../../shared/catalog/index.ts";

describe("featuresFromConfiguration", () => {
  it("reads the sample add-on configuration (JSON string)", () => {
    const sample =
      '{"env":{"ENABLE_PREFIX_DELEGATION":"true","WARM_PREFIX_TARGET":"1","AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG":"true","ENI_CONFIG_LABEL_DEF":"topology.kubernetes.io/zone"},"enableNetworkPolicy":"true","nodeAgent":{"enablePolicyEventLogs":"true"}}';
    const r = featuresFromConfiguration(sample);
    expect(r.error).toBeNull();
    expect(r.features).toEqual(["custom-networking", "prefix-delegation", "network-policy"]);
    expect(r.env.WARM_PREFIX_TARGET).toBe("1");
  });

  it("reads init.env, objects, boolean flags and the real usage example of aws-network-policy-agent #91", () => {
    const r = featuresFromConfiguration({ enableNetworkPolicy: true, env: { ENABLE_POD_ENI: true, ENABLE_IPv6: "TRUE" }, init: { env: { DISABLE_TCP_EARLY_DEMUX: "true", ENABLE_IPv6: "false" } } });
    expect(r.features).toEqual(["pod-eni", "ipv6", "network-policy"]);
    expect(r.env).toEqual({ DISABLE_TCP_EARLY_DEMUX: "true", ENABLE_IPv6: "TRUE", ENABLE_POD_ENI: "true" });
    expect(featuresFromConfiguration('{"enableNetworkPolicy":"true","env":{"ENABLE_POD_ENI":"true"},"init":{"env":{"DISABLE_TCP_EARLY_DEMUX":"true"}}}').features).toEqual([
      "pod-eni",
      "network-policy",
    ]);
  });

  it("knows the README's feature variables", () => {
    const env = {
      ENABLE_SUBNET_DISCOVERY: "true",
      ENABLE_IMDS_ONLY_MODE: "true",
      ENABLE_MULTI_NIC: "true",
      AWS_VPC_K8S_CNI_EXTERNALSNAT: "true",
      NETWORK_POLICY_ENFORCING_MODE: "strict",
      ENABLE_V4_EGRESS: "false",
    };
    expect(featuresFromConfiguration({ env, enableWindowsIpam: "true" }).features).toEqual([
      "network-policy-enforcing-mode",
      "subnet-discovery",
      "imds-only",
      "multi-nic",
      "external-snat",
      "windows-ipam",
    ]);
  });

  it("marks subnet discovery turned off explicitly (it is on by default from v1.18)", () => {
    expect(featuresFromConfiguration({ env: { ENABLE_SUBNET_DISCOVERY: "false" } }).features).toEqual(["subnet-discovery-off"]);
    expect(featuresFromConfiguration({ env: { ENABLE_SUBNET_DISCOVERY: " FALSE " } }).features).toEqual(["subnet-discovery-off"]);
    expect(featuresFromConfiguration({ env: {} }).features).toEqual([]);
  });

  it("treats no configuration as no features", () => {
    for (const v of [undefined, null, "", "   "]) expect(featuresFromConfiguration(v)).toEqual({ features: [], env: {}, error: null });
    expect(featuresFromConfiguration("{}").features).toEqual([]);
  });

  it("reports unreadable values and never throws", () => {
    const yaml = featuresFromConfiguration('env:\n  ENABLE_POD_ENI: "true"\n');
    expect(yaml.features).toEqual([]);
    expect(yaml.error).toMatch(/not JSON.*YAML/);
    expect(featuresFromConfiguration("{bad json").error).toMatch(/not JSON/);
    expect(featuresFromConfiguration("[1,2]").error).toMatch(/not a JSON object/);
    expect(featuresFromConfiguration('"true"').error).toMatch(/not a JSON object/);
    expect(featuresFromConfiguration({ env: "nope", init: 3 } as never)).toEqual({ features: [], env: {}, error: null });
  });
});
