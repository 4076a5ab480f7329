import { knownIssueById, knownIssuesFor, POD_IDENTITY_AGENT_IPV4_CONFIG, type KnownIssue } from "../../catalog/index.ts";
import type { AddonSnapshot, ClusterSnapshot } from "../snapshot.ts";
import type { CheckHit, FleetCheck } from "../check.ts";
import { describeAddonCmd, kubectl, md, paragraphs, pipe, sh, text, updateAddonCmd } from "../commands.ts";
import { join, list, type Block, type Inline } from "../../render/remediation.ts";

// An add-on that is DEGRADED, failed its last change, or reports health issues. A
// ConfigurationConflict is the Helm/kubectl vs `eks` server-side-apply ownership fight
// (vpc-cni #2607; pre-installed CNIs carry Helm labels without being Helm releases, #2763).
const AGENT = "eks-pod-identity-agent";
const WATCHED = ["vpc-cni", AGENT];

/** The agent's catalog entries for its version (P1 the IPv6 bind, P4 the v1.3.10-eksbuild.2 flapping). */
function agentIssues(a: AddonSnapshot): KnownIssue[] {
  if (!a.version) return [];
  const entries = knownIssuesFor(AGENT, a.version, [], { includeConditional: true, includeRequirements: true });
  return entries.filter((e) => e.id === "pod-identity-agent-ipv6-bind" || e.id === "pod-identity-agent-v1.3.10-eksbuild.2-degraded");
}
const BAD_STATUS = new Set(["DEGRADED", "CREATE_FAILED", "UPDATE_FAILED", "DELETE_FAILED"]);

export const check: FleetCheck = {
  id: "fleet/addon-unhealthy",
  summary: "vpc-cni or eks-pod-identity-agent is degraded, failed its last change, or reports health issues",
  looksAt: "DescribeAddon status and health issues of vpc-cni and eks-pod-identity-agent",
  severity: "high",
  references: [
    "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-field-management.html",
    "https://github.com/aws/amazon-vpc-cni-k8s/issues/2607",
    "https://github.com/aws/amazon-vpc-cni-k8s/issues/2763",
  ],
  evaluate(c) {
    return c.addons.filter((a) => WATCHED.includes(a.name) && (BAD_STATUS.has(a.status ?? "") || a.health.length > 0)).map((a) => hit(c, a));
  },
};

function hit(c: ClusterSnapshot, a: AddonSnapshot): CheckHit {
  const codes = [...new Set(a.health.map((i) => i.code))];
  const conflict = codes.includes("ConfigurationConflict");
  const parts: Array<Inline | Block> = [
    md`EKS reports ${a.name} as ${a.status ?? "unknown"}${codes.length ? md` with ${codes.join(", ")}` : ""}:`,
  ];
  if (a.health.length > 0)
    parts.push(list(a.health.map((i) => md`${i.code}: ${i.message || "—"}${i.resourceIds.length ? md` (${join(i.resourceIds.map((r) => md`${r}`), ", ")})` : ""}`)));
  if (conflict) {
    parts.push(
      text("A ConfigurationConflict means another field manager (Helm, kubectl, GitOps) owns fields the `eks` add-on manager wants to set, so the add-on stops applying changes. Helm labels on aws-node do not prove a Helm release: pre-installed CNIs carry them too. See who owns the fields, then move the setting into the add-on configuration and let EKS take ownership:"),
      sh(
        kubectl(c, "-n", "kube-system", "get", "daemonset", "aws-node", "--show-managed-fields", "-o", "yaml", pipe, "grep", "-B2", "-A6", "manager:"),
        updateAddonCmd(c, a.name, a.version ?? "<version>", ["--configuration-values", "file://vpc-cni-values.json"], "OVERWRITE"),
      ),
      text("OVERWRITE replaces the conflicting fields with the add-on's values: put every setting you need (for example `ENABLE_PREFIX_DELEGATION`) in vpc-cni-values.json first, and stop the other tool from managing aws-node."),
    );
  } else {
    parts.push(
      text("Read the add-on's status and the pods it names, then fix the cause EKS reports:"),
      sh(
        describeAddonCmd(c, a.name, "addon.[status,health.issues]"),
        kubectl(c, "-n", "kube-system", "get", "pods", "-l", `k8s-app=${a.name === "vpc-cni" ? "aws-node" : "eks-pod-identity-agent"}`, "-o", "wide"),
      ),
    );
  }
  const known = a.name === AGENT ? agentIssues(a) : [];
  if (a.name === AGENT && !conflict) {
    const p1 = knownIssueById("pod-identity-agent-ipv6-bind");
    if (p1)
      parts.push(
        md`If the agent pods crash-loop with "bind: cannot assign requested address" on [fd00:ec2::23]:80, the nodes have no IPv6 (${p1.references[0] ?? ""}): make the agent listen on IPv4 only (this replaces the add-on's configuration values; merge yours in):`,
        sh(updateAddonCmd(c, AGENT, a.version ?? "<version>", ["--configuration-values", POD_IDENTITY_AGENT_IPV4_CONFIG])),
      );
    for (const e of known.filter((k) => k.id !== "pod-identity-agent-ipv6-bind")) parts.push(md`Known issue: ${text(e.title)}. ${text(e.fix)}`);
  }
  return {
    ...(known.length > 0 ? { knownIssues: known.map((e) => e.id) } : {}),
    subject: a.name,
    severity: conflict || a.status === "DEGRADED" || a.status?.endsWith("_FAILED") ? "high" : "medium",
    title: `${a.name} on ${c.name} is ${a.status ?? "unhealthy"}${codes.length ? ` (${codes.join(", ")})` : ""}`,
    facts: { addon: a.name, addonVersion: a.version, status: a.status, issueCodes: codes, issueMessages: a.health.map((i) => i.message) },
    remediation: paragraphs(...parts),
  };
}
