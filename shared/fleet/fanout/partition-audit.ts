// One partition's audit: the inventory over one account-region, every EKS call through that
// account-region's gate (adaptive.ts), so a throttled account-region slows only itself.
import type { EKSClient } from "@aws-sdk/client-eks";
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { IAMClient } from "@aws-sdk/client-iam";
import type { Clock } from "../../delivery/clock.ts";
import { takeFleetSnapshot, type FleetTarget } from "../inventory.ts";
import type { FleetSnapshot } from "../snapshot.ts";
import { createGate, type GateStats } from "./adaptive.ts";
import { gatedClient } from "./gated-client.ts";
import type { Partition } from "./messages.ts";

export interface PartitionAuditDeps {
  /** Clients built with maxAttempts 1: the gate retries. */
  eksClient(target: FleetTarget): EKSClient;
  compareVersions(a: string, b: string): number;
  /** The CNI roles' permission check (iam:SimulatePrincipalPolicy), as the single run does; IAM is not EKS's throttle. */
  iamClient?(target: FleetTarget): IAMClient;
  /** The cluster log groups' subscription filters (fleet/audit-log-not-subscribed), as the single run does. */
  logsClient?(target: FleetTarget): CloudWatchLogsClient;
  roleName: string | null;
  clock: Clock;
  /** Calls in flight per account-region at most (default 16). */
  maxConcurrency?: number;
}

export async function auditPartition(
  p: Partition,
  takenAt: string,
  d: PartitionAuditDeps,
): Promise<{ snapshot: FleetSnapshot; stats: GateStats }> {
  const gate = createGate({ clock: d.clock, ...(d.maxConcurrency ? { maxConcurrency: d.maxConcurrency } : {}) });
  const clients = new Map<string, EKSClient>();
  const snapshot = await takeFleetSnapshot({
    regions: [p.region],
    accounts: p.account ? [p.account] : [],
    roleName: d.roleName,
    takenAt,
    // The gate bounds concurrency; the inventory's own limit must not be the tighter one.
    concurrency: d.maxConcurrency ?? 16,
    compareVersions: d.compareVersions,
    ...(d.iamClient ? { iamClient: d.iamClient } : {}),
    ...(d.logsClient ? { logsClient: d.logsClient } : {}),
    eksClient: (t) => {
      const key = `${t.account ?? "-"}|${t.region}`;
      let c = clients.get(key);
      if (!c) clients.set(key, (c = gatedClient(d.eksClient(t), gate)));
      return c;
    },
  });
  return { snapshot, stats: gate.stats() };
}
