// Shared remediation text: how to move an add-on to a version, step by step.
import { commands, md, text, type Block } from "../render/remediation.ts";
import { listVersionsCmd, updateAddonCmd, waitAddonCmd } from "./commands.ts";
import type { ClusterSnapshot } from "./snapshot.ts";
import { minorSteps } from "./versions.ts";

/** Blocks for upgrading `addon` from `current` to `target` (null: pick one from the list). */
export function upgradeText(cluster: ClusterSnapshot, addon: string, current: string | null, target: string | null): Block[] {
  if (!target) {
    return [
      { kind: "paragraph", spans: md`List the versions EKS offers for Kubernetes ${cluster.kubernetesVersion ?? "(unknown)"} and pick the newest build that fixes it:` },
      commands("sh", listVersionsCmd(cluster, addon), updateAddonCmd(cluster, addon, "<version>"), waitAddonCmd(cluster, addon)),
    ];
  }
  const steps = addon === "vpc-cni" && current ? minorSteps(current, target) : [];
  const out: Block[] = [];
  if (steps.length > 1) {
    out.push(
      {
        kind: "paragraph",
        spans: md`The VPC CNI is upgraded one minor version at a time: go through ${steps.join(" → ")}, ${text(
          "using the newest build of each minor from the list below and checking that aws-node is Ready after each step.",
        )}`,
      },
      commands("sh", listVersionsCmd(cluster, addon)),
    );
  }
  out.push(
    { kind: "paragraph", spans: md`Update to ${target} (PRESERVE keeps settings you changed outside the add-on; read the conflict first if it fails):` },
    commands("sh", updateAddonCmd(cluster, addon, target), waitAddonCmd(cluster, addon)),
  );
  return out;
}
