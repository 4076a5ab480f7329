// Doctor's Security Hub check: when the stage turns Security Hub on, one test finding
// (`doctor/test-alert`) goes in through the very sink the functions use (ASFF from
// shared/output/asff.ts), then is archived at once (RecordState ARCHIVED, the sink's
// "resolved" delivery), so it never lingers among the account's active findings.
import type { SecurityHubClient } from "@aws-sdk/client-securityhub";
import type { Clock } from "../../shared/delivery/clock.ts";
import { securityHubSink } from "../../shared/sinks/securityhub.ts";
import type { Alert } from "../../shared/types.ts";
import type { CheckRow } from "./checks.ts";

export async function checkSecurityHub(
  client: SecurityHubClient,
  importer: { account: string; region: string },
  alert: Alert,
  clock: Clock,
): Promise<CheckRow> {
  const sink = securityHubSink({ minSeverity: "info", client, importer });
  const start = clock.now();
  let step = "import";
  try {
    await sink.send({ alert, kind: "open", previouslyReported: 0 });
    step = "archive";
    await sink.send({ alert, kind: "update", previouslyReported: 1, resolved: true });
    return { check: "test alert", target: "securityhub", ok: true, detail: `imported and archived in ${Math.round(clock.now() - start)} ms` };
  } catch (e) {
    const text = `${step}: ${(e as Error).name}: ${(e as Error).message}`.slice(0, 300);
    return { check: "test alert", target: "securityhub", ok: false, detail: text };
  }
}
