import { isObject } from "../../core/object.ts";
import type { FleetCheck } from "../check.ts";
import { cmd, describeAddonCmd, paragraphs, sh, text, to, updateAddonCmd } from "../commands.ts";
import { clusterFeatures } from "../cluster-features.ts";
import { findAddon } from "../snapshot.ts";
import { compareOrNull } from "../versions.ts";

// From v1.19.4 (#3254), the README: "If you remove the Network Policy Agent container … ensure
// NETWORK_POLICY_ENFORCING_MODE is not set." The default manifests set the mode to standard with
// network policy off, and the agent runs regardless (NPA main.go starts its RPC server always), so
// that is no finding. Only a configuration that removes the container (nodeAgent.enabled=false) is;
// a container removed outside the add-on is invisible to the EKS API.
const SINCE = "v1.19.4";

function agentRemoved(configurationValues: string | null): boolean {
  try {
    const config: unknown = JSON.parse(configurationValues ?? "");
    const agent = isObject(config) ? config.nodeAgent : undefined;
    return isObject(agent) && (agent.enabled === false || agent.enabled === "false");
  } catch {
    return false;
  }
}

export const check: FleetCheck = {
  id: "fleet/np-mode-without-agent",
  summary: "NETWORK_POLICY_ENFORCING_MODE is set while the add-on configuration removes the network policy agent (vpc-cni v1.19.4+)",
  looksAt:
    "vpc-cni configuration from v1.19.4: NETWORK_POLICY_ENFORCING_MODE with nodeAgent.enabled=false (the default, standard mode with network policy off, is fine)",
  severity: "high",
  references: ["https://github.com/aws/amazon-vpc-cni-k8s/pull/3254", "https://github.com/aws/amazon-vpc-cni-k8s#network_policy_enforcing_mode-v1171"],
  evaluate(c) {
    const cni = findAddon(c, "vpc-cni");
    if (!cni?.version || (compareOrNull(cni.version, SINCE) ?? -1) < 0) return [];
    const { features, env } = clusterFeatures(c);
    if (!features.includes("network-policy-enforcing-mode") || !agentRemoved(cni.configurationValues)) return [];
    const mode = env.NETWORK_POLICY_ENFORCING_MODE ?? "";
    return [
      {
        title: `${c.name}: NETWORK_POLICY_ENFORCING_MODE=${mode} is set but the configuration removes the network policy agent (vpc-cni ${cni.version})`,
        facts: { addonVersion: cni.version, enforcingMode: mode, nodeAgentEnabled: false },
        knownIssues: ["vpc-cni-v1.19.4-enforcing-mode-without-np-agent"],
        remediation: paragraphs(
          text("The VPC CNI README (v1.19.4+): without the network policy agent container, NETWORK_POLICY_ENFORCING_MODE must be unset, otherwise pods fail to be created. Keep the agent or remove the variable. `--configuration-values` replaces the whole configuration, so edit the current one:"),
          sh(
            describeAddonCmd(c, "vpc-cni", "addon.configurationValues", ["--output", "text", to, "vpc-cni-values.json"]),
            { ...cmd("jq", "del(.env.NETWORK_POLICY_ENFORCING_MODE)", "vpc-cni-values.json", to, "vpc-cni-values.new.json"), comment: "or: jq 'del(.nodeAgent.enabled)'" },
            updateAddonCmd(c, "vpc-cni", cni.version, ["--configuration-values", "file://vpc-cni-values.new.json"]),
          ),
          text("Remove the variable from any Helm values or manifests that also set it, or the next apply brings it back."),
        ),
      },
    ];
  },
};
