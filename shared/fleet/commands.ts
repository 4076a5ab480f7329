// Exact commands for remediation text. Values come from the EKS API (cluster names are
// user-chosen), so every argument is shell-quoted.
import type { ClusterSnapshot } from "./snapshot.ts";

export function shq(value: string): string {
  return /^[A-Za-z0-9_.,:/=@+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function target(c: ClusterSnapshot): string {
  return `--region ${shq(c.region)} --cluster-name ${shq(c.name)}`;
}

export function updateAddonCmd(
  c: ClusterSnapshot,
  addon: string,
  version: string,
  extra = "",
  resolveConflicts: "PRESERVE" | "OVERWRITE" = "PRESERVE",
): string {
  return `aws eks update-addon ${target(c)} --addon-name ${shq(addon)} --addon-version ${shq(version)} --resolve-conflicts ${resolveConflicts}${extra}`;
}

export function createAddonCmd(c: ClusterSnapshot, addon: string, version: string | null, extra = ""): string {
  const v = version ? ` --addon-version ${shq(version)}` : "";
  return `aws eks create-addon ${target(c)} --addon-name ${shq(addon)}${v}${extra}`;
}

export function waitAddonCmd(c: ClusterSnapshot, addon: string): string {
  return `aws eks wait addon-active ${target(c)} --addon-name ${shq(addon)}`;
}

export function describeAddonCmd(c: ClusterSnapshot, addon: string, query: string): string {
  return `aws eks describe-addon ${target(c)} --addon-name ${shq(addon)} --query ${shq(query)}`;
}

export function listVersionsCmd(c: ClusterSnapshot, addon: string): string {
  const k8s = c.kubernetesVersion ? ` --kubernetes-version ${shq(c.kubernetesVersion)}` : "";
  return `aws eks describe-addon-versions --region ${shq(c.region)} --addon-name ${shq(addon)}${k8s} --query 'addons[].addonVersions[].addonVersion'`;
}

export function kubectl(c: ClusterSnapshot, args: string): string {
  return `aws eks update-kubeconfig ${target(c).replace("--cluster-name", "--name")} && kubectl ${args}`;
}

/** A fenced shell block for Markdown remediation; the fence outgrows any backticks inside. */
export function sh(...lines: string[]): string {
  const longest = Math.max(0, ...lines.flatMap((l) => (l.match(/`+/g) ?? []).map((run) => run.length)));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return [`${fence}sh`, ...lines, fence].join("\n");
}

