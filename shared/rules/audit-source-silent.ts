import type { MetricsRule } from "./rule.ts";
import { blank, checked } from "../render/command-values.ts";
import type { Word } from "../render/shell.ts";
import { block, cat, clusterArg, cmd, code, howOften, md, num, regionArg, sections, str, text, where } from "./text.ts";

export const auditSourceSilent: MetricsRule = {
  id: "audit-source-silent",
  source: "metrics",
  summary:
    "A cluster's control-plane log group that was receiving events got none for the configured time (default 30 min): the audit-log rules are blind there. One alert when it goes silent, one when it resumes.",
  defaultSeverity: "high",
  dedupKeyDoc: "account | region | audit-source-silent | cluster | silent|resumed",
  references: ["https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatch-Logs-Monitoring-CloudWatch-Metrics.html"],

  render(alert) {
    const f = alert.facts;
    const cluster = clusterArg(alert);
    const region = regionArg(alert);
    const group: Word = ["/aws/eks/", cluster, "/cluster"];
    const groupText = `/aws/eks/${alert.cluster ?? "<cluster>"}/cluster`;
    const quiet = num(f, "quietMinutes") ?? 30;
    if (str(f, "state") === "resumed") {
      const gap = num(f, "gapMinutes");
      const since = str(f, "silentFrom");
      return {
        title: `Audit log of ${alert.cluster ?? "a cluster"} flowing again${gap !== null ? ` after ${gap} minutes` : ""}`,
        remediation: sections([
          ["What", md`the control-plane log group of ${where(alert)} receives events again (silent from ${code(since ?? "?")}).`],
          ["Impact", text("events from the gap reached CloudWatch Logs only if logging stayed on; what the API server did not log is gone.")],
          [
            "Fix",
            [
              text("replay the gap from the log group, so nothing written during it goes unchecked:"),
              block(cmd("npx", "cni-auditor", "replay", "--log-group", group, "--since", since ? checked("timestamp", since) : blank("<time>"), ...region)),
            ],
          ],
          [
            "Check",
            [block(cmd("aws", "logs", "describe-subscription-filters", "--log-group-name", group, ...region)), text("shows the auditor's filter in place.")],
          ],
        ]),
      };
    }
    return {
      title: `Audit log of ${alert.cluster ?? "a cluster"} silent for ${quiet}+ minutes`,
      remediation: sections([
        [
          "What",
          cat(
            md`no events reached ${code(str(f, "logGroup") ?? groupText)} of ${where(alert)} since ${code(str(f, "lastEventBefore") ?? "?")}, `,
            md`after it had been receiving them; ${howOften(alert)}.`,
          ),
        ],
        [
          "Impact",
          text(
            "while the group is silent, cninodes 403s, aws-node changes and system-identity denials in this cluster go unseen: a busy API server writes thousands of audit events an hour, so silence means the logging or the cluster broke.",
          ),
        ],
        [
          "Fix",
          [
            text("find which: logging turned off (turn it back on), the cluster deleted (nothing to do), or the control plane unhealthy:"),
            block(
              cmd("aws", "eks", "describe-cluster", "--name", cluster, "--query", "cluster.[status,logging.clusterLogging]", ...region),
              cmd("aws", "eks", "update-cluster-config", "--name", cluster, "--logging", '{"clusterLogging":[{"types":["audit","authenticator"],"enabled":true}]}', ...region),
            ),
          ],
        ],
        [
          "Check",
          [
            block(cmd("aws", "logs", "describe-log-streams", "--log-group-name", group, "--order-by", "LastEventTime", "--descending", "--max-items", "3", ...region)),
            text("shows streams with recent events; a resumed alert follows on its own."),
          ],
        ],
      ]),
    };
  },
};
