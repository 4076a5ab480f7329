// audit-source-silent across a fleet: in a central stage the cluster log groups (and their
// IncomingLogEvents metrics) live in the member accounts, so the sweep reads each configured
// account and region with that account's credentials, from the fleet's one AssumeRole logic
// (shared/fleet/member-credentials.ts, through source-activity-clients.ts). An account whose role cannot be assumed or read is
// listed and counted, never fatal: the other accounts go on.
import type { LogGroupActivity } from "../../shared/blind-spots/source-silence.ts";
import type { FleetTarget } from "../../shared/fleet/inventory.ts";
import { createLimit } from "../../shared/fleet/limiter.ts";
import type { SourceActivityClients } from "./source-activity-clients.ts";
import { readSourceActivity } from "./source-activity.ts";

export interface UnreadableTarget {
  account: string | null;
  region: string;
  /** The SDK error's name (AccessDenied, …): a fixed vocabulary, safe to log and count. */
  error: string;
  message: string;
}

export interface FleetSourceActivity {
  activity: LogGroupActivity[];
  read: number;
  unreadable: UnreadableTarget[];
}

export interface FleetSourceOptions {
  regions: string[];
  /** Member accounts (fleet.accounts); empty: the stack's own account only. */
  accounts: string[];
  /** The account findings of the own-account target name (the function's account). */
  ownAccount: string | null;
  nowMs: number;
  /** Account-regions read at once (default 4, as the fleet inventory). */
  concurrency?: number;
  warn?(message: string, fields: Record<string, unknown>): void;
}

/** As the fleet inventory's targets (not imported: that module brings the EKS commands along). */
function targetsOf(regions: string[], accounts: string[]): FleetTarget[] {
  const accts: (string | null)[] = accounts.length > 0 ? accounts : [null];
  return accts.flatMap((account) => regions.map((region) => ({ account, region })));
}

type Clients = Pick<SourceActivityClients, "logsClient" | "metricsClient">;

export async function readFleetSourceActivity(clients: Clients, o: FleetSourceOptions): Promise<FleetSourceActivity> {
  const limit = createLimit(o.concurrency ?? 4);
  const unreadable: UnreadableTarget[] = [];
  const perTarget = await Promise.all(
    targetsOf(o.regions, o.accounts).map((target) =>
      limit(async () => {
        try {
          const where = { account: target.account ?? o.ownAccount, region: target.region };
          return await readSourceActivity({ logs: clients.logsClient(target), metrics: clients.metricsClient(target) }, where, o.nowMs);
        } catch (err) {
          const e = err instanceof Error ? err : new Error(String(err));
          const u = { account: target.account, region: target.region, error: e.name || "Error", message: e.message };
          unreadable.push(u);
          o.warn?.("source activity unreadable; the other accounts go on", { ...u });
          return [];
        }
      }),
    ),
  );
  return { activity: perTarget.flat(), read: perTarget.length - unreadable.length, unreadable };
}
