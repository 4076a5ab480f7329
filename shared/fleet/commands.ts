// Exact commands for fleet remediation. Values come from the EKS API (cluster names are
// user-chosen): they go through their grammar (render/command-values.ts) and the one command
// writer (render/shell.ts), like the rules' commands.
import { blank, checked } from "../render/command-values.ts";
import { commands } from "../render/remediation.ts";
import { and, cmd, type Command, type Placeholder, type Word } from "../render/shell.ts";
import type { ClusterSnapshot } from "./snapshot.ts";

export { cmd, pipe, to, type Command } from "../render/shell.ts";
export { md, paragraphs, text } from "../render/remediation.ts";

/** Commands as a ```sh block of a fleet remediation. */
export function sh(...cmds: Command[]) {
  return commands("sh", ...cmds);
}

export function clusterWord(c: ClusterSnapshot): string | Placeholder {
  return checked("cluster", c.name);
}

export function regionWord(c: ClusterSnapshot): string | Placeholder {
  return checked("region", c.region);
}

function target(c: ClusterSnapshot, nameFlag = "--cluster-name"): Word[] {
  return ["--region", regionWord(c), nameFlag, clusterWord(c)];
}

function version(v: string): string | Placeholder {
  return v.startsWith("<") ? blank(v) : checked("addonVersion", v);
}

export function updateAddonCmd(
  c: ClusterSnapshot,
  addon: string,
  addonVersion: string,
  extra: Word[] = [],
  resolveConflicts: "PRESERVE" | "OVERWRITE" = "PRESERVE",
): Command {
  return cmd("aws", "eks", "update-addon", ...target(c), "--addon-name", addon, "--addon-version", version(addonVersion), "--resolve-conflicts", resolveConflicts, ...extra);
}

export function createAddonCmd(c: ClusterSnapshot, addon: string, addonVersion: string | null, extra: Word[] = []): Command {
  return cmd("aws", "eks", "create-addon", ...target(c), "--addon-name", addon, ...(addonVersion ? ["--addon-version", version(addonVersion)] : []), ...extra);
}

export function waitAddonCmd(c: ClusterSnapshot, addon: string): Command {
  return cmd("aws", "eks", "wait", "addon-active", ...target(c), "--addon-name", addon);
}

export function describeAddonCmd(c: ClusterSnapshot, addon: string, query: string, extra: Command["words"] = []): Command {
  return cmd("aws", "eks", "describe-addon", ...target(c), "--addon-name", addon, "--query", query, ...extra);
}

export function listVersionsCmd(c: ClusterSnapshot, addon: string): Command {
  const k8s = c.kubernetesVersion ? ["--kubernetes-version", c.kubernetesVersion] : [];
  return cmd("aws", "eks", "describe-addon-versions", "--region", regionWord(c), "--addon-name", addon, ...k8s, "--query", "addons[].addonVersions[].addonVersion");
}

/** Point kubectl at the cluster, then run `kubectl` with `args` (operators allowed). */
export function kubectl(c: ClusterSnapshot, ...args: Command["words"]): Command {
  return cmd("aws", "eks", "update-kubeconfig", ...target(c, "--name"), and, "kubectl", ...args);
}

