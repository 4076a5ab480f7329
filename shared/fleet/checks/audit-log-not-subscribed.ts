import { AUDITOR_NAME_PREFIX } from "../../rules/auditor-resources.ts";
import { readFailed, type FleetCheck } from "../check.ts";
import { clusterWord, cmd, paragraphs, regionWord, sh, text } from "../commands.ts";

export const SUBSCRIPTION_READ = "DescribeSubscriptionFilters";

// Audit logging is on, but the control-plane log group has no subscription filter of the
// auditor (`cni-auditor-<stage>`): the audit-log rules never see this cluster. A cluster created
// after the deploy whose group coverage could not subscribe (two filters already) shows here.
export const check: FleetCheck = {
  id: "fleet/audit-log-not-subscribed",
  summary: "Audit logging is on but the cluster's log group has no auditor subscription filter: its audit events never reach the auditor",
  looksAt: "CloudWatch Logs DescribeSubscriptionFilters on /aws/eks/<cluster>/cluster",
  severity: "high",
  references: ["https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html"],
  evaluate(c) {
    if (!c.enabledLogTypes.includes("audit") || !c.auditSubscription || readFailed(c, SUBSCRIPTION_READ)) return [];
    const filters = c.auditSubscription.filters;
    if (filters.some((f) => f.filterName.startsWith(AUDITOR_NAME_PREFIX))) return [];
    const group = ["/aws/eks/", clusterWord(c), "/cluster"];
    return [
      {
        title: `The audit log of ${c.name} is not subscribed to the auditor${filters.length >= 2 ? " (the group has two filters already, the most it can have)" : ""}`,
        facts: { logGroup: `/aws/eks/${c.name}/cluster`, otherFilters: filters.map((f) => f.filterName) },
        remediation: paragraphs(
          text("Deploy the auditor's stage again with this cluster listed (CNI_AUDITOR_CLUSTERS) — it subscribes the group — or check what holds the group's filter slots:"),
          sh(cmd("aws", "logs", "describe-subscription-filters", "--region", regionWord(c), "--log-group-name", group)),
        ),
      },
    ];
  },
};
