import type { FleetCheck } from "../check.ts";
import { checked } from "../../render/command-values.ts";
import { clusterWord, cmd, md, paragraphs, regionWord, sh, text } from "../commands.ts";

// EKS Cluster Insights (upgrade readiness, misconfiguration) in WARNING or ERROR.
const LEVEL: Record<string, "medium" | "low"> = { ERROR: "medium", WARNING: "low" };

export const check: FleetCheck = {
  id: "fleet/insight-not-passing",
  summary: "An EKS Cluster Insight is in WARNING or ERROR",
  looksAt: "ListInsights status (upgrade readiness, misconfiguration)",
  severity: "medium",
  references: ["https://docs.aws.amazon.com/eks/latest/userguide/cluster-insights.html"],
  evaluate(c) {
    return c.insights
      .filter((i) => i.status !== null && i.status in LEVEL)
      .map((i) => ({
        subject: i.id,
        severity: LEVEL[i.status ?? ""] ?? "low",
        title: `Cluster Insight on ${c.name} is ${i.status}: ${i.name}`,
        facts: {
          insightId: i.id,
          insight: i.name,
          category: i.category,
          status: i.status,
          reason: i.reason,
          insightKubernetesVersion: i.kubernetesVersion,
          lastRefreshTime: i.lastRefreshTime,
        },
        remediation: paragraphs(
          md`${i.description ?? i.name ?? "—"}${i.reason ? md` EKS says: ${i.reason}` : ""}`,
          text("Read the affected resources and EKS's recommendation:"),
          sh(cmd("aws", "eks", "describe-insight", "--region", regionWord(c), "--cluster-name", clusterWord(c), "--id", checked("insightId", i.id))),
        ),
      }));
  },
};
