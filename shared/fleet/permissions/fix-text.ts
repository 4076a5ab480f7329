// Remediation blocks for missing CNI permissions, by the layer that denies them: the role's
// own policies (an inline policy with exactly the missing actions), its permissions boundary,
// or an SCP (nothing on the role helps). Values go through the command grammars.
import { partitionOf } from "../../core/region.ts";
import { checked, roleNameOf } from "../../render/command-values.ts";
import { commands, md, text, type Block } from "../../render/remediation.ts";
import { cmd, type Command, type Word } from "../../render/shell.ts";
import { SIMULATION_SCOPE } from "./model.ts";
import type { MissingPermission } from "./verdict.ts";

/** put-role-policy granting `actions` (CreateTags only on the partition's ENIs, as AmazonEKS_CNI_Policy does). */
export function grantCommand(role: Word, actions: readonly string[], region: string): Command {
  const ok = actions.filter((a) => checked("iamAction", a) === a);
  const tags = ok.filter((a) => a === "ec2:CreateTags");
  const others = ok.filter((a) => a !== "ec2:CreateTags");
  const statement = [
    ...(others.length > 0 ? [{ Effect: "Allow", Action: others, Resource: "*" }] : []),
    ...(tags.length > 0 ? [{ Effect: "Allow", Action: tags, Resource: `arn:${partitionOf(region)}:ec2:*:*:network-interface/*` }] : []),
  ];
  const doc = JSON.stringify({ Version: "2012-10-17", Statement: statement });
  return cmd("aws", "iam", "put-role-policy", "--role-name", role, "--policy-name", "vpc-cni-missing-actions", "--policy-document", doc);
}

export function simulateCommand(roleArn: string, actions: readonly string[]): Command {
  const names = actions.map((a) => checked("iamAction", a));
  return cmd(
    "aws", "iam", "simulate-principal-policy", "--policy-source-arn", checked("principalArn", roleArn),
    "--action-names", ...names, "--query", "EvaluationResults[].[EvalActionName,EvalDecision]", "--output", "text",
  );
}

function byRole(missing: readonly MissingPermission[]): Map<string, MissingPermission[]> {
  const out = new Map<string, MissingPermission[]>();
  for (const m of missing) out.set(m.roleArn, [...(out.get(m.roleArn) ?? []), m]);
  return out;
}

const unique = (xs: string[]) => [...new Set(xs)];

/** What to change, per role and layer, then how to check, then what the simulation does not see. */
export function missingPermissionBlocks(missing: readonly MissingPermission[], region: string): Block[] {
  const out: Block[] = [];
  for (const [roleArn, ms] of byRole(missing)) {
    const role = roleNameOf(roleArn);
    const of = (layer: MissingPermission["deniedBy"]) => unique(ms.filter((m) => m.deniedBy === layer).map((m) => m.action));
    const identity = of("identity");
    const boundary = of("boundary");
    const scp = of("organizations");
    if (identity.length > 0) {
      out.push(
        { kind: "paragraph", spans: md`Grant ${identity.join(", ")} to ${roleArn} (its policies do not allow ${identity.length === 1 ? "it" : "them"}):` },
        commands("sh", grantCommand(role, identity, region)),
      );
    }
    if (boundary.length > 0) {
      out.push(
        { kind: "paragraph", spans: md`The permissions boundary of ${roleArn} denies ${boundary.join(", ")}: add ${boundary.length === 1 ? "it" : "them"} to the boundary policy (a grant on the role does not help). Find the boundary:` },
        commands("sh", cmd("aws", "iam", "get-role", "--role-name", role, "--query", "Role.PermissionsBoundary.PermissionsBoundaryArn", "--output", "text")),
      );
    }
    if (scp.length > 0) {
      const ids = unique(ms.filter((m) => m.deniedBy === "organizations").flatMap((m) => m.matchedStatements.map((s) => s.sourcePolicyId ?? ""))).filter(Boolean);
      out.push({
        kind: "paragraph",
        spans: md`A service control policy of the organization denies ${scp.join(", ")} to ${roleArn}${ids.length ? md` (${ids.join(", ")})` : ""}: the organization's administrators must exempt the role; nothing on the role helps.`,
      });
    }
    out.push({ kind: "paragraph", spans: text("Check (every action should say `allowed`):") }, commands("sh", simulateCommand(roleArn, unique(ms.map((m) => m.action)))));
  }
  out.push({ kind: "paragraph", spans: text(SIMULATION_SCOPE) });
  return out;
}
