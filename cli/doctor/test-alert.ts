// The test alert `cni-auditor doctor` sends through every sink: the Alert JSON contract's shape,
// rule `doctor/test-alert`, severity info, and a text that says it needs no action.
import type { Clock } from "../../shared/delivery/clock.ts";
import { withRemediation } from "../../shared/render/attached.ts";
import { toMarkdown } from "../../shared/render/markdown.ts";
import { md, paragraph, remediation } from "../../shared/render/remediation.ts";
import type { AlertSink } from "../../shared/sinks/index.ts";
import type { Alert } from "../../shared/types.ts";
import type { CheckRow } from "./checks.ts";

export const TEST_RULE = "doctor/test-alert";

export function testAlert(stage: string, account: string | null, region: string, at: string): Alert {
  const doc = remediation([paragraph(md`Sent by cni-auditor doctor to check that this sink delivers. No action needed.`)]);
  return withRemediation(
    {
      rule: TEST_RULE,
      severity: "info",
      title: `cni-auditor doctor: test alert for stage ${stage} (no action needed)`,
      cluster: null,
      account,
      region,
      dedupKey: `${TEST_RULE}|${stage}|${at}`,
      count: 1,
      firstSeen: at,
      lastSeen: at,
      facts: { stage },
      knownIssues: [],
      remediation: toMarkdown(doc),
      references: [],
      samples: [],
    },
    doc,
  );
}

/** Each sink gets the alert once, whatever its minimum severity: the point is delivery. */
export async function checkSinks(sinks: readonly AlertSink[], alert: Alert, clock: Clock): Promise<CheckRow[]> {
  const rows: CheckRow[] = [];
  for (const sink of sinks) {
    const start = clock.now();
    try {
      await sink.send({ alert, kind: "open", previouslyReported: 0 });
      rows.push({ check: "test alert", target: sink.name, ok: true, detail: `delivered in ${Math.round(clock.now() - start)} ms` });
    } catch (e) {
      rows.push({
        check: "test alert",
        target: sink.name,
        ok: false,
        detail: `${(e as Error).name}: ${(e as Error).message}`.slice(0, 300),
      });
    }
  }
  return rows;
}
