// The plan's commands, in order: check the CRDs, fix the CNI role, update companions, then the
// vpc-cni and Kubernetes steps with a wait (and aws-node's rollout) after each. Every value
// goes through its grammar and the one command writer (render/shell.ts, fleet/commands.ts).
import { clusterWord, cmd, createAddonCmd, kubectl, listVersionsCmd, regionWord, updateAddonCmd, waitAddonCmd, type Command } from "../fleet/commands.ts";
import { grantCommand } from "../fleet/permissions/fix-text.ts";
import type { MissingPermission } from "../fleet/permissions/verdict.ts";
import type { ClusterSnapshot } from "../fleet/snapshot.ts";
import { roleNameOf } from "../render/command-values.ts";
import type { PlanStep } from "./model.ts";

function permissionCommands(c: ClusterSnapshot, missing: readonly MissingPermission[]): Command[] {
  const out: Command[] = [];
  for (const roleArn of [...new Set(missing.map((m) => m.roleArn))]) {
    const role = roleNameOf(roleArn);
    const mine = missing.filter((m) => m.roleArn === roleArn);
    const grant = [...new Set(mine.filter((m) => m.deniedBy === "identity").map((m) => m.action))];
    if (grant.length > 0) out.push(grantCommand(role, grant, c.region));
    if (mine.some((m) => m.deniedBy === "boundary")) {
      out.push(cmd("aws", "iam", "get-role", "--role-name", role, "--query", "Role.PermissionsBoundary.PermissionsBoundaryArn", "--output", "text"));
    }
  }
  return out;
}

function stepCommands(c: ClusterSnapshot, s: PlanStep): Command[] {
  if (s.kind === "kubernetes") {
    const where = ["--region", regionWord(c), "--name", clusterWord(c)];
    return [cmd("aws", "eks", "update-cluster-version", ...where, "--kubernetes-version", s.to), cmd("aws", "eks", "wait", "cluster-active", ...where)];
  }
  if (s.kind === "companion") {
    const first = s.to.startsWith("<") ? [listVersionsCmd(c, s.subject)] : [];
    const change = s.from === null ? createAddonCmd(c, s.subject, s.to) : updateAddonCmd(c, s.subject, s.to);
    return [...first, change, waitAddonCmd(c, s.subject)];
  }
  if (s.kind === "addon") {
    return [
      updateAddonCmd(c, "vpc-cni", s.to),
      waitAddonCmd(c, "vpc-cni"),
      kubectl(c, "rollout", "status", "daemonset", "aws-node", "-n", "kube-system", "--timeout", "10m"),
    ];
  }
  return [];
}

export function planCommands(c: ClusterSnapshot, steps: readonly PlanStep[], missing: readonly MissingPermission[], crds: readonly string[]): Command[] {
  return [
    ...(crds.length > 0 ? [kubectl(c, "get", "crd", ...crds)] : []),
    ...permissionCommands(c, missing),
    ...steps.flatMap((s) => stepCommands(c, s)),
  ];
}

/** The builds EKS offers for Kubernetes `k8s`: where to pick a target when none could be chosen. */
export function offeredCommand(c: ClusterSnapshot, k8s: string | null): Command {
  return cmd("aws", "eks", "describe-addon-versions", "--region", regionWord(c), "--addon-name", "vpc-cni", ...(k8s ? ["--kubernetes-version", k8s] : []), "--query", "addons[].addonVersions[].addonVersion");
}
