import { Option, type Command } from "commander";
import { SEVERITIES, type Severity } from "../../shared/core/severity.ts";
import { isRegion } from "../../shared/core/region.ts";
import { isVersionRequest } from "../../shared/plan/builds.ts";
import type { PlanOptions } from "../commands/plan.ts";
import type { CliIo } from "../io.ts";
import { UsageError, collect, type Outcome } from "./common.ts";

const DESCRIPTION =
  "Plans a vpc-cni (and Kubernetes) upgrade for every cluster of a fleet snapshot, before it runs: " +
  "the path one minor at a time on builds EKS offers, the known issues the target hits under each " +
  "cluster's configuration, the EC2 permissions it needs that IAM says the CNI role lacks, the " +
  "companions it needs (eks-pod-identity-agent, network policy agent, CRDs) and the exact commands in order.";

const AFTER = `
Examples:
  cni-auditor plan --snapshot snapshot.json --addon vpc-cni --to latest
  cni-auditor plan --snapshot snapshot.json --to v1.22 --cluster prod-eu-1 --format markdown
  cni-auditor plan --regions eu-west-1 --kubernetes 1.33 --fail-on high

Without --snapshot, the fleet is read live with your AWS credentials (as "cni-auditor fleet" does).

Exit codes: 0 planned, 4 a finding at or above --fail-on, 1 nothing could be read,
2 usage error or unreadable snapshot.`;


export function definePlan(program: Command, io: CliIo, outcome: Outcome): Command {
  const cmd = program
    .command("plan")
    .summary("what a vpc-cni / Kubernetes upgrade will break, before it runs (with the IAM proof)")
    .description(DESCRIPTION)
    .option("--snapshot <FILE>", "a fleet snapshot (cni-auditor fleet --save-snapshot); default: read the fleet live")
    .addOption(new Option("--addon <NAME>", "the add-on to upgrade").choices(["vpc-cni"]).default("vpc-cni"))
    .option("--to <VERSION>", "target: latest, a minor (v1.22), a release (v1.22.4) or a build (v1.22.4-eksbuild.1)")
    .option("--kubernetes <VERSION>", "also move the clusters to this Kubernetes minor, e.g. 1.33")
    .option("--cluster <NAME...>", "plan only these clusters (repeatable, or comma-separated)", collect)
    .option("--regions <LIST>", "live: regions to read, comma-separated (default: AWS_REGION)")
    .option("--accounts <LIST>", "live: member account ids to read by assuming --role-name")
    .option("--role-name <NAME>", "live: role to assume in every member account")
    .option("--profile <NAME>", "live: AWS profile for your own credentials")
    .addOption(new Option("--format <FORMAT>", "output").choices(["text", "markdown", "md", "json"]).default("text"))
    .option("--json", "the plan as JSON (same as --format json)")
    .addOption(new Option("--fail-on <SEVERITY>", "exit 4 when a finding is at or above SEVERITY (CI gates)").choices(SEVERITIES));
  cmd.addHelpText("after", AFTER);
  return cmd.action(async (raw: Record<string, unknown>) => {
    const opts = planOptions(raw, io);
    const { runPlan } = await import("../commands/plan.ts");
    outcome.code = await runPlan(opts, io);
  });
}

function list(v: unknown): string[] {
  return (typeof v === "string" ? v : "").split(",").map((s) => s.trim()).filter(Boolean);
}

function planOptions(raw: Record<string, unknown>, io: CliIo): PlanOptions {
  const s = (k: string): string | undefined => (typeof raw[k] === "string" ? (raw[k] as string) : undefined);
  const snapshot = s("snapshot");
  if (snapshot && (s("regions") || s("accounts") || s("roleName") || s("profile"))) {
    throw new UsageError("--snapshot plans from a saved snapshot; --regions/--accounts/--role-name/--profile do not apply");
  }
  const to = s("to")?.trim() || null;
  const kubernetes = s("kubernetes")?.trim() || null;
  if (!to && !kubernetes) throw new UsageError("say what to plan: --to VERSION (or latest), --kubernetes VERSION, or both");
  if (to && !isVersionRequest(to)) throw new UsageError(`--to: "${to}" is not latest, v1.22, v1.22.4 or v1.22.4-eksbuild.1`);
  if (kubernetes && !/^\d+\.\d+$/.test(kubernetes)) throw new UsageError(`--kubernetes: "${kubernetes}" is not a Kubernetes minor such as 1.33`);
  const regions = list(s("regions") ?? (snapshot ? "" : (io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION)));
  if (!snapshot && regions.length === 0) throw new UsageError("give --snapshot FILE, or --regions (or AWS_REGION) to read the fleet live");
  for (const r of regions) if (!isRegion(r)) throw new UsageError(`--regions: "${r}" is not an AWS region`);
  const accounts = list(s("accounts"));
  for (const a of accounts) if (!/^\d{12}$/.test(a)) throw new UsageError(`--accounts: "${a}" is not a 12-digit account id`);
  const roleName = s("roleName")?.trim() || null;
  if (accounts.length && !roleName) throw new UsageError("--accounts needs --role-name (the role to assume in each account)");
  let format = s("format") === "md" ? "markdown" : (s("format") as PlanOptions["format"]);
  if (raw.json) {
    if (format !== "text" && format !== "json") throw new UsageError(`--json is --format json; it cannot be combined with --format ${format}`);
    format = "json";
  }
  return {
    snapshot,
    regions,
    accounts,
    roleName,
    profile: s("profile"),
    addon: "vpc-cni",
    to,
    kubernetes,
    clusters: Array.isArray(raw.cluster) ? (raw.cluster as string[]) : [],
    format,
    failOn: (s("failOn") as Severity | undefined) ?? null,
  };
}
