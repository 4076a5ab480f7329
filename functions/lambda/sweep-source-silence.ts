// The sweep's audit-source-silent step: reads IncomingLogEvents of every cluster log group it is
// set up for (its own account, or in a central stage each member account through the member
// role), and folds the silent/resumed findings into the store like any rule's. Their record ids
// name the moment, so the next sweep seeing the same history counts nothing twice; what this
// step opens is then delivered by the sweep's pending pass. An unreadable account is counted
// (metric SourceAccountsUnreadable) and logged, never fatal.
import { sourceSilenceFindings } from "../../shared/blind-spots/source-silence.ts";
import { holdBackSilenced } from "../../shared/routing/silencing.ts";
import type { Finding } from "../../shared/types.ts";
import { SAFETY_MARGIN_MS, type Invocation, type Runtime } from "./batch.ts";
import { readFleetSourceActivity } from "./fleet-source-activity.ts";
import { count } from "./observability.ts";
import type { SourceActivitySettings } from "./settings.ts";
import { createSourceActivityClients, type SourceActivityClients } from "./source-activity-clients.ts";

export interface SourceSilenceSummary {
  groups: number;
  findings: number;
  accountsRead: number;
  accountsUnreadable: number;
}

let cached: { key: string; clients: SourceActivityClients } | null = null;

/** One set of clients per container (credentials are refreshed by the SDK before expiry). */
function clientsFor(s: SourceActivitySettings): SourceActivityClients {
  const key = JSON.stringify([s.roleName, s.accounts]);
  if (cached?.key !== key) {
    cached?.clients.destroy();
    cached = { key, clients: createSourceActivityClients({ roleName: s.roleName, sessionName: "cni-auditor-sweep" }) };
  }
  return cached.clients;
}

export async function sweepSourceSilence(
  rt: Runtime,
  inv: Invocation,
  s: SourceActivitySettings,
  ownAccount: string | null,
  clients: Pick<SourceActivityClients, "logsClient" | "metricsClient"> = clientsFor(s),
): Promise<SourceSilenceSummary> {
  const nowMs = rt.clock.now();
  const read = await readFleetSourceActivity(clients, {
    regions: s.regions,
    accounts: s.accounts,
    ownAccount,
    nowMs,
    warn: (message, fields) => rt.logger.warn(message, fields),
  });
  count(rt.metrics, "SourceAccountsUnreadable", read.unreadable.length);
  const findings = sourceSilenceFindings(read.activity, nowMs, { quietMs: s.quietMs });
  // Each finding is its own batch: the same silent moment seen again counts once.
  const identity = { batchId: "source-activity", batchIdOf: (f: Finding) => `source-activity|${f.recordId}` };
  const silenced = rt.silences ? await holdBackSilenced(rt.silences, findings, nowMs, identity) : { pass: findings, held: 0 };
  if (rt.silences) count(rt.metrics, "Silenced", silenced.held);
  if (silenced.pass.length > 0) {
    await rt.store.apply(silenced.pass, {
      ...identity,
      windowMs: rt.config.windowMs,
      deadlineMs: rt.clock.now() + Math.max(0, inv.remainingMs() - SAFETY_MARGIN_MS),
    });
  }
  return { groups: read.activity.length, findings: silenced.pass.length, accountsRead: read.read, accountsUnreadable: read.unreadable.length };
}
