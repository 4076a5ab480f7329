import { featuresFromConfiguration } from "../../catalog/index.ts";
import type { FleetCheck } from "../check.ts";
import { sh, updateAddonCmd } from "../commands.ts";
import { findAddon } from "../snapshot.ts";
import { compareOrNull } from "../versions.ts";

// From v1.19.4 (#3254), the README warns: if the network policy agent is not running,
// NETWORK_POLICY_ENFORCING_MODE must be unset, "otherwise … failures during pod creation".
const SINCE = "v1.19.4";

export const check: FleetCheck = {
  id: "fleet/np-mode-without-agent",
  summary: "NETWORK_POLICY_ENFORCING_MODE is set while the network policy agent is off (vpc-cni v1.19.4+)",
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
        title: `${c.name}: NETWORK_POLICY_ENFORCING_MODE=${mode} is set but the network policy agent is off (vpc-cni ${cni.version})`,
        facts: { addonVersion: cni.version, enforcingMode: mode, enableNetworkPolicy: false },
        knownIssues: ["vpc-cni-v1.19.4-enforcing-mode-without-np-agent"],
        remediation: [
          "Since v1.19.4 aws-node waits for the network policy agent when an enforcing mode is set; with the agent off, pods fail to be created. Either turn the agent on or remove the variable from the add-on configuration (and from any Helm values):",
          sh(
            updateAddonCmd(c, "vpc-cni", cni.version, ` --configuration-values '{"enableNetworkPolicy":"true"}'`),
            "# or: write the configuration without env.NETWORK_POLICY_ENFORCING_MODE and apply it",
            updateAddonCmd(c, "vpc-cni", cni.version, " --configuration-values file://vpc-cni-values.json"),
          ),
          "`--configuration-values` replaces the whole configuration: start from the current one (`aws eks describe-addon … --query addon.configurationValues`).",
        ].join("\n\n"),
      },
    ];
  },
};
