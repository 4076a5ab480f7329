import { featuresFromConfiguration } from "../../catalog/index.ts";
import type { FleetCheck } from "../check.ts";
import { cmd, describeAddonCmd, paragraphs, sh, text, to, updateAddonCmd } from "../commands.ts";
import { findAddon } from "../snapshot.ts";
import { compareOrNull } from "../versions.ts";

// From v1.19.4 (#3254), the README warns: if the network policy agent is not running,
// NETWORK_POLICY_ENFORCING_MODE must be unset, "otherwise … failures during pod creation".
const SINCE = "v1.19.4";

export const check: FleetCheck = {
  id: "fleet/np-mode-without-agent",
  summary: "NETWORK_POLICY_ENFORCING_MODE is set while the network policy agent is off (vpc-cni v1.19.4+)",
  looksAt: "vpc-cni configuration: NETWORK_POLICY_ENFORCING_MODE and enableNetworkPolicy, from v1.19.4",
  severity: "high",
  references: ["https://github.com/aws/amazon-vpc-cni-k8s/pull/3254", "https://github.com/aws/amazon-vpc-cni-k8s#network_policy_enforcing_mode-v1171"],
  evaluate(c) {
    const cni = findAddon(c, "vpc-cni");
    if (!cni?.version || (compareOrNull(cni.version, SINCE) ?? -1) < 0) return [];
    const { features, env } = featuresFromConfiguration(cni.configurationValues);
    if (!features.includes("network-policy-enforcing-mode") || features.includes("network-policy")) return [];
    const mode = env.NETWORK_POLICY_ENFORCING_MODE ?? "";
    return [
      {
        severity: mode.trim().toLowerCase() === "strict" ? "high" : "medium",
        title: `${c.name}: NETWORK_POLICY_ENFORCING_MODE=${mode} is set but the network policy agent is off (vpc-cni ${cni.version})`,
        facts: { addonVersion: cni.version, enforcingMode: mode, enableNetworkPolicy: false },
        knownIssues: ["vpc-cni-v1.19.4-enforcing-mode-without-np-agent"],
        remediation: paragraphs(
          text("The VPC CNI README (v1.19.4+): when the network policy agent is not running, NETWORK_POLICY_ENFORCING_MODE must be unset, otherwise pods fail to be created. Either turn the agent on or remove the variable. `--configuration-values` replaces the whole configuration, so edit the current one:"),
          sh(
            describeAddonCmd(c, "vpc-cni", "addon.configurationValues", ["--output", "text", to, "vpc-cni-values.json"]),
            { ...cmd("jq", "del(.env.NETWORK_POLICY_ENFORCING_MODE)", "vpc-cni-values.json", to, "vpc-cni-values.new.json"), comment: `or: jq '.enableNetworkPolicy = "true"'` },
            updateAddonCmd(c, "vpc-cni", cni.version, ["--configuration-values", "file://vpc-cni-values.new.json"]),
          ),
          text("Remove the variable from any Helm values or manifests that also set it, or the next apply brings it back."),
        ),
      },
    ];
  },
};
