import type { FleetCheck } from "../check.ts";
import { clusterWord, cmd, paragraphs, regionWord, sh, text } from "../commands.ts";

// Without the `audit` control-plane log type, /aws/eks/<cluster>/cluster carries no audit
// events and the audit-log rules (cninodes-forbidden, system-forbidden, aws-node-modified)
// never see this cluster.
export const check: FleetCheck = {
  id: "fleet/audit-logging-off",
  summary: "Control-plane audit logging is off: the audit-log rules see nothing from this cluster",
  looksAt: "DescribeCluster logging (enabled control-plane log types)",
  severity: "medium",
  references: ["https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html"],
  evaluate(c) {
    if (c.enabledLogTypes.includes("audit")) return [];
    const types = [...new Set([...c.enabledLogTypes, "audit"])].sort();
    const logging = `{"clusterLogging":[{"types":${JSON.stringify(types)},"enabled":true}]}`;
    return [
      {
        title: `Audit logging is off on ${c.name}: the audit-log rules cannot see it`,
        facts: { enabledLogTypes: c.enabledLogTypes },
        remediation: paragraphs(
          text("Turn on the `audit` log type (CloudWatch Logs ingestion is billed per GB; the subscription filter only forwards candidate events to the auditor):"),
          sh(
            cmd("aws", "eks", "update-cluster-config", "--region", regionWord(c), "--name", clusterWord(c), "--logging", logging),
            cmd("aws", "logs", "describe-log-groups", "--region", regionWord(c), "--log-group-name-prefix", ["/aws/eks/", clusterWord(c), "/cluster"]),
          ),
        ),
      },
    ];
  },
};
