// Shared remediation text: how to move an add-on to a version, step by step.
import { listVersionsCmd, sh, updateAddonCmd, waitAddonCmd } from "./commands.ts";
import type { ClusterSnapshot } from "./snapshot.ts";
import { minorSteps } from "./versions.ts";

/** Markdown for upgrading `addon` from `current` to `target` (null: pick one from the list). */
export function upgradeText(cluster: ClusterSnapshot, addon: string, current: string | null, target: string | null): string {
  if (!target) {
    return [
      `List the versions EKS offers for Kubernetes ${cluster.kubernetesVersion ?? "(unknown)"} and pick the newest build that fixes it:`,
      sh(listVersionsCmd(cluster, addon), updateAddonCmd(cluster, addon, "<version>"), waitAddonCmd(cluster, addon)),
    ].join("\n\n");
  }
  const steps = addon === "vpc-cni" && current ? minorSteps(current, target) : [];
  const lines: string[] = [];
  if (steps.length > 1) {
    lines.push(
      `The VPC CNI is upgraded one minor version at a time: go through ${steps.join(" → ")}, ` +
        `using the newest build of each minor from the list below and checking that aws-node is Ready after each step.`,
      sh(listVersionsCmd(cluster, addon)),
    );
  }
  lines.push(
    `Update to ${target} (PRESERVE keeps settings you changed outside the add-on; read the conflict first if it fails):`,
    sh(updateAddonCmd(cluster, addon, target), waitAddonCmd(cluster, addon)),
  );
  return lines.join("\n\n");
}
