import type { CloudTrailRecord } from "../types.ts";
import type { CloudTrailRule } from "./rule.ts";
import { actorName } from "./addon-request.ts";
import { isObject } from "../core/object.ts";
import { cloudTrailPlacement, dedupKey, failed, issuerArn, makeFinding } from "./predicates.ts";
import { block, cat, clusterArg, cmd, code, howOften, join, md, regionArg, sections, str, strs, text, where } from "./text.ts";

/** The control-plane log types the audit-log rules read: without them they go blind. */
const WATCHED_TYPES = ["audit", "authenticator"];

/** `logging.clusterLogging[]` of an UpdateClusterConfig / CreateCluster request. */
function clusterLogging(r: CloudTrailRecord): Array<{ types: string[]; enabled: boolean }> | null {
  const logging = isObject(r.requestParameters) ? r.requestParameters.logging : undefined;
  if (!isObject(logging) || !Array.isArray(logging.clusterLogging)) return null;
  return logging.clusterLogging.filter(isObject).map((e) => ({
    types: Array.isArray(e.types) ? e.types.filter((t): t is string => typeof t === "string") : [],
    enabled: e.enabled === true,
  }));
}

/** The watched log types a request turns off (UpdateClusterConfig) or leaves off (CreateCluster). */
export function blindedLogTypes(r: CloudTrailRecord): string[] {
  const entries = clusterLogging(r);
  if (r.eventName === "UpdateClusterConfig") {
    if (entries === null) return [];
    return WATCHED_TYPES.filter((t) => entries.some((e) => !e.enabled && e.types.includes(t)));
  }
  // CreateCluster: logging is off unless the request turns "audit" on.
  const on = (t: string) => (entries ?? []).some((e) => e.enabled && e.types.includes(t));
  return on("audit") ? [] : ["audit"];
}

export const auditLoggingDisabled: CloudTrailRule = {
  id: "audit-logging-disabled",
  source: "cloudtrail",
  summary:
    "A cluster's audit or authenticator control-plane logging turned off (UpdateClusterConfig), or a cluster created without audit logging: the audit-log rules go blind.",
  defaultSeverity: "high",
  dedupKeyDoc: "account | region | audit-logging-disabled | cluster",
  references: ["https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html"],
  triggers: [{ eventSource: "eks.amazonaws.com", eventNames: ["CreateCluster", "UpdateClusterConfig"], failed: false, watchdog: true }],

  match(event) {
    const r = event.record;
    if (r.eventSource !== "eks.amazonaws.com" || failed(r)) return undefined;
    if (r.eventName !== "UpdateClusterConfig" && r.eventName !== "CreateCluster") return undefined;
    const types = blindedLogTypes(r);
    if (types.length === 0) return undefined;
    const where = cloudTrailPlacement(event);
    const actor = issuerArn(r) ?? r.userIdentity?.arn ?? null;
    return makeFinding("audit-logging-disabled", event, where, {
      severity: "high",
      dedupKey: dedupKey("audit-logging-disabled", where, where.cluster),
      actor,
      facts: { eventName: r.eventName, logTypes: types, actor, actorName: actorName(r) },
    });
  },

  render(alert) {
    const f = alert.facts;
    const created = str(f, "eventName") === "CreateCluster";
    const types = strs(f, "logTypes");
    const cluster = clusterArg(alert);
    const region = regionArg(alert);
    const turnOn = JSON.stringify({ clusterLogging: [{ types: ["api", "audit", "authenticator"], enabled: true }] });
    const logged = join(types.map(code), ", ");
    const remediation = sections([
      [
        "What",
        cat(
          created ? md`${code("CreateCluster")} without ${logged} logging` : md`${code("UpdateClusterConfig")} turned off ${logged} logging`,
          md` in ${where(alert)} by ${code(str(f, "actorName") ?? str(f, "actor") ?? "an unknown caller")}, ${howOften(alert)}.`,
        ),
      ],
      [
        "Impact",
        text(
          "the cluster's API server no longer writes these logs to CloudWatch Logs, so cninodes 403s, aws-node changes and " +
            "system-identity denials in this cluster go unseen by the auditor (and by anyone else).",
        ),
      ],
      ["Fix", [text("turn the log types back on:"), block(cmd("aws", "eks", "update-cluster-config", "--name", cluster, "--logging", turnOn, ...region))]],
      [
        "Check",
        [
          block(cmd("aws", "eks", "describe-cluster", "--name", cluster, "--query", "cluster.logging.clusterLogging", ...region)),
          text("shows `audit` and `authenticator` among the enabled types."),
        ],
      ],
    ]);
    return { title: created ? "Cluster created without audit logging" : `Control-plane ${types.join(" and ")} logging turned off`, remediation };
  },
};
