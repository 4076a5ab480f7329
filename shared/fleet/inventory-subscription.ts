// The audit log group's subscription filters (fleet/audit-log-not-subscribed), read only for a
// cluster with audit logging on. A group that does not exist yet has no filters; any other
// failure is a partial error, so the check does not conclude from it.
import { DescribeSubscriptionFiltersCommand, type CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { SUBSCRIPTION_READ } from "./checks/audit-log-not-subscribed.ts";
import { errorText } from "./sdk-values.ts";
import type { ClusterSnapshot } from "./snapshot.ts";

export async function readAuditSubscription(client: CloudWatchLogsClient, cluster: ClusterSnapshot): Promise<void> {
  if (!cluster.enabledLogTypes.includes("audit")) return;
  try {
    const out = await client.send(new DescribeSubscriptionFiltersCommand({ logGroupName: `/aws/eks/${cluster.name}/cluster` }));
    const filters = (out.subscriptionFilters ?? []).map((f) => ({ filterName: f.filterName ?? "", destinationArn: f.destinationArn ?? null }));
    cluster.auditSubscription = { filters };
  } catch (err) {
    if ((err as { name?: string }).name === "ResourceNotFoundException") cluster.auditSubscription = { filters: [] };
    else cluster.partialErrors.push({ operation: SUBSCRIPTION_READ, error: errorText(err) });
  }
}
