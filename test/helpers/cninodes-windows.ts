// cninodes-forbidden windows written the way the audit functions write them: the rule's findings
// on the fixture's matching events, folded by the real DynamoStore.
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { cninodesForbidden } from "../../shared/rules/cninodes-forbidden.ts";
import { DynamoStore } from "../../shared/store/dynamo-store.ts";
import type { AuditEvent, Finding, Placement } from "../../shared/types.ts";
import { caseEvent, loadRuleFixtures, ruleContext } from "./events.ts";

export const HOUR = 3_600_000;

/** The fixture's matching events (of demo-cluster, or where given), as the rule finds them, at the given times. */
export function cninodesFindings(timesMs: number[], where: Partial<Placement> = {}): Finding[] {
  const cases = loadRuleFixtures("cninodes-forbidden").cases.filter((c) => c.expect.match && c.placement === undefined);
  return timesMs.map((t, i) => {
    const c = cases[i % cases.length]!;
    const event = { ...(caseEvent(c) as AuditEvent), ...where, timeMs: t, recordId: `rec-${i}` };
    const f = cninodesForbidden.match(event, ruleContext(c.config));
    if (!f) throw new Error(`fixture case ${c.name} did not match`);
    return f;
  });
}

/** Writes windows the way the audit functions do. */
export async function recordDenials(client: DynamoDBClient, table: string, batches: number[][], where: Partial<Placement> = {}): Promise<void> {
  const store = new DynamoStore({ client, table });
  for (const [i, times] of batches.entries()) await store.apply(cninodesFindings(times, where), { batchId: `batch-${i}`, windowMs: HOUR });
}
