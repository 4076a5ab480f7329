import type { CloudTrailRule } from "./rule.ts";
import { actorName } from "./addon-request.ts";
import { tamperingIn, TAMPER_CALLS } from "./auditor-tamper-events.ts";
import { cloudTrailPlacement, dedupKey, failed, issuerArn, makeFinding } from "./predicates.ts";
import { blank, checked } from "../render/command-values.ts";
import { block, cat, cmd, code, howOften, md, sections, str, text, where } from "./text.ts";

export const auditorTampered: CloudTrailRule = {
  id: "auditor-tampered",
  source: "cloudtrail",
  summary:
    "The auditor's own pipeline cut: a subscription filter deleted or redirected on /aws/eks/*/cluster, such a log group deleted, the auditor's EventBridge rules, functions, stream or queue disabled or deleted, a trail stopped or its management events dropped.",
  defaultSeverity: "critical",
  dedupKeyDoc: "account | region | auditor-tampered | kind | resource",
  references: [
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html",
    "https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-iam.html#stealth-iam-cloudtrailloggingdisabled",
  ],
  triggers: Object.entries(TAMPER_CALLS).map(([eventSource, calls]) => ({
    eventSource,
    eventNames: Object.keys(calls).sort(),
    failed: false,
    watchdog: true,
  })),

  match(event) {
    const r = event.record;
    if (failed(r)) return undefined;
    const hit = tamperingIn(r);
    if (!hit) return undefined;
    const placed = cloudTrailPlacement(event);
    const at = { ...placed, cluster: hit.cluster ?? placed.cluster };
    const actor = issuerArn(r) ?? r.userIdentity?.arn ?? null;
    return makeFinding("auditor-tampered", event, at, {
      severity: "critical",
      dedupKey: dedupKey("auditor-tampered", at, hit.kind, hit.resource),
      actor,
      facts: {
        eventName: r.eventName ?? null,
        kind: hit.kind,
        resource: hit.resource,
        action: hit.action,
        actor,
        actorName: actorName(r),
        sourceIPAddress: typeof r.sourceIPAddress === "string" ? r.sourceIPAddress : null,
        userAgent: typeof r.userAgent === "string" ? r.userAgent : null,
      },
    });
  },

  render(alert) {
    const f = alert.facts;
    const kind = str(f, "kind") ?? "resource";
    const resource = str(f, "resource") ?? "?";
    const who = str(f, "actorName") ?? str(f, "actor") ?? "an unknown caller";
    const source = str(f, "sourceIPAddress");
    const remediation = sections([
      [
        "What",
        cat(
          md`${code(str(f, "eventName") ?? "?")}: ${kind} ${code(resource)} ${str(f, "action") ?? "changed"} in ${where(alert)} by `,
          md`${code(who)}`,
          source ? md` from ${code(source)}` : [],
          md`, ${howOften(alert)}.`,
        ),
      ],
      [
        "Impact",
        text(
          "the auditor no longer sees what this pipeline carried: audit-log or CloudTrail alerts stop without a word. " +
            "Cutting the watcher first is a common step before the change it would have caught.",
        ),
      ],
      [
        "Fix",
        [
          text(
            "confirm with the caller that this was intended; if not, treat the principal as compromised, then restore the pipeline " +
              "by deploying the auditor's stage again (it recreates its filters, rules and functions):",
          ),
          block(cmd("npx", "sst", "deploy", "--stage", blank("<stage>"))),
        ],
      ],
      [
        "Check",
        [
          block(
            cmd("aws", "cloudtrail", "lookup-events", "--lookup-attributes", ["AttributeKey=Username,AttributeValue=", blank("<user>")], "--max-results", "50"),
            cmd("aws", "logs", "describe-subscription-filters", "--log-group-name", ["/aws/eks/", checked("cluster", alert.cluster), "/cluster"]),
          ),
          text("shows what else the caller did, and the auditor's filter back on the cluster's log group."),
        ],
      ],
    ]);
    return { title: `Auditor pipeline cut: ${kind} ${str(f, "action") ?? "changed"}`, remediation };
  },
};
