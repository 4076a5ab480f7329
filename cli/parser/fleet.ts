import { Option, type Command } from "commander";
import { isRegion } from "../../shared/core/region.ts";
import { FLEET_FORMATS, type FleetFormat } from "../../shared/output/formats.ts";
import type { CliIo } from "../io.ts";
import type { FleetOptions } from "../options.ts";
import { addColorOptions, UsageError, useColor, type Outcome } from "./common.ts";

export type { FleetOptions };

const DESCRIPTION =
  "Reads every EKS cluster's VPC CNI state (add-ons, versions, Pod Identity, insights, logging) " +
  "with your normal AWS credentials, runs the fleet checks, and reports.";

const AFTER = `
Examples:
  cni-auditor fleet --regions eu-west-1,us-east-1 --out fleet-report
  cni-auditor fleet --from-snapshot examples/fleet/snapshot.json --format markdown

Exit codes: 0 done (findings and unreadable clusters are reported, not errors),
1 nothing could be read, 2 usage error or unreadable input file.`;

export function defineFleet(program: Command, io: CliIo, outcome: Outcome): Command {
  const cmd = program
    .command("fleet")
    .summary("audit every cluster's VPC CNI add-on state (EKS API)")
    .description(DESCRIPTION)
    .option("--regions <LIST>", "regions to read, comma-separated (default: AWS_REGION)")
    .option("--accounts <LIST>", "member account ids to read by assuming --role-name in each")
    .option("--role-name <NAME>", "role to assume in every member account (path/name allowed)")
    .option("--profile <NAME>", "AWS profile for your own credentials (default: AWS_PROFILE)")
    .option("--concurrency <N>", "parallel EKS reads, 1…32 (default 4)")
    .option("--out <DIR>", "write report.json, report.md and report.html to DIR")
    .option("--save-snapshot <FILE>", "also save what was read (to re-check offline later)")
    .option("--from-snapshot <FILE>", "check a saved snapshot instead of calling AWS")
    .option("--previous <FILE>", "report.json of an earlier run: show new and resolved findings")
    .addOption(new Option("--format <FORMAT>", "what to print on stdout: a summary (text), a report document, or the findings").choices(FLEET_FORMATS).default("text"));
  addColorOptions(cmd).addHelpText("after", AFTER);
  return cmd.action(async (raw: Record<string, string | boolean | undefined>) => {
    const opts = fleetOptions(raw, io);
    const { runFleet } = await import("../commands/fleet.ts");
    outcome.code = await runFleet(opts, io);
  });
}

function list(v: string | undefined): string[] {
  return (v ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

function fleetOptions(raw: Record<string, string | boolean | undefined>, io: CliIo): FleetOptions {
  const s = (k: string): string | undefined => (typeof raw[k] === "string" ? (raw[k] as string) : undefined);
  const fromSnapshot = s("fromSnapshot");
  if (fromSnapshot && s("saveSnapshot")) throw new UsageError("--save-snapshot and --from-snapshot exclude each other");
  if (fromSnapshot && (s("regions") || s("accounts") || s("roleName"))) {
    throw new UsageError("--from-snapshot checks a saved snapshot; --regions/--accounts/--role-name do not apply");
  }
  const regions = list(s("regions") ?? (fromSnapshot ? "" : (io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION)));
  if (!fromSnapshot && regions.length === 0) throw new UsageError("--regions is required (or set AWS_REGION)");
  for (const r of regions) if (!isRegion(r)) throw new UsageError(`--regions: "${r}" is not an AWS region`);
  const accounts = list(s("accounts"));
  for (const a of accounts) if (!/^\d{12}$/.test(a)) throw new UsageError(`--accounts: "${a}" is not a 12-digit account id`);
  const roleName = s("roleName")?.trim() || null;
  if (accounts.length && !roleName) throw new UsageError("--accounts needs --role-name (the role to assume in each account)");
  if (roleName && !accounts.length) throw new UsageError("--role-name needs --accounts");
  const concurrency = s("concurrency") === undefined ? 4 : Number(s("concurrency"));
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw new UsageError("--concurrency must be 1…32");
  const format = s("format") as FleetFormat;
  return {
    regions,
    accounts,
    roleName,
    profile: s("profile"),
    concurrency,
    out: s("out"),
    saveSnapshot: s("saveSnapshot"),
    fromSnapshot,
    previous: s("previous"),
    format: format === "md" ? "markdown" : (format as FleetOptions["format"]),
    color: useColor(raw.color as boolean | undefined, io),
  };
}
