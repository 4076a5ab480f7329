// `cni-auditor plan`: reads a snapshot (or the fleet, live), plans, prints, and gates.
import { readFileSync } from "node:fs";
import { atLeast, type Severity } from "../../shared/core/severity.ts";
import { DecodeError } from "../../shared/errors.ts";
import { parseSnapshot } from "../../shared/fleet/snapshot-io.ts";
import type { FleetSnapshot } from "../../shared/fleet/snapshot.ts";
import { planMarkdown, planText } from "../../shared/plan/document.ts";
import { planFleet, selectClusters } from "../../shared/plan/plan.ts";
import { EXIT_OK, EXIT_USAGE, type CliIo } from "../io.ts";
import { inert } from "../terminal-text.ts";

/** What `plan` was asked to do (cli/parser/plan.ts reads the flags). */
export interface PlanOptions {
  snapshot: string | undefined;
  regions: string[];
  accounts: string[];
  roleName: string | null;
  profile: string | undefined;
  addon: "vpc-cni";
  to: string | null;
  kubernetes: string | null;
  clusters: string[];
  format: "text" | "markdown" | "json";
  failOn: Severity | null;
}

/** A finding at or above --fail-on. */
export const EXIT_FAIL_ON = 4;

function fail(io: CliIo, message: string): number {
  io.stderr.write(`cni-auditor plan: ${inert(message)}\n`);
  return EXIT_USAGE;
}

function readSnapshot(file: string): FleetSnapshot | string {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    return `--snapshot: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
  try {
    return parseSnapshot(text);
  } catch (err) {
    if (err instanceof DecodeError) return `--snapshot ${file}: ${err.message}`;
    throw err;
  }
}

export async function runPlan(opts: PlanOptions, io: CliIo): Promise<number> {
  let snapshot: FleetSnapshot;
  if (opts.snapshot) {
    const read = readSnapshot(opts.snapshot);
    if (typeof read === "string") return fail(io, read);
    snapshot = read;
  } else {
    const { inventory } = await import("./fleet.ts");
    snapshot = await inventory({ regions: opts.regions, accounts: opts.accounts, roleName: opts.roleName, profile: opts.profile, concurrency: 4 }, io);
    if (snapshot.clusters.length === 0 && snapshot.failures.length > 0) {
      io.stderr.write("cni-auditor plan: no cluster could be read\n");
      return 1;
    }
  }
  const { unknown } = selectClusters(snapshot, opts.clusters);
  if (unknown.length > 0) {
    const known = snapshot.clusters.map((c) => c.name).slice(0, 20).join(", ");
    return fail(io, `--cluster: not in the snapshot: ${unknown.join(", ")} (clusters: ${known || "none"})`);
  }
  const plan = planFleet(snapshot, { addon: opts.addon, to: opts.to, kubernetes: opts.kubernetes, clusters: opts.clusters });
  if (opts.format === "json") io.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
  else if (opts.format === "markdown") io.stdout.write(planMarkdown(plan));
  else io.stdout.write(`${planText(plan).split("\n").map(inert).join("\n")}\n`);

  const failOn = opts.failOn;
  if (failOn) {
    const hits = plan.clusters.flatMap((c) => c.findings.filter((f) => atLeast(f.severity, failOn)).map((f) => `${c.name}: ${f.severity} ${f.title}`));
    if (hits.length > 0) {
      io.stderr.write(`cni-auditor plan: ${hits.length} finding${hits.length === 1 ? "" : "s"} at or above ${failOn} (--fail-on)\n`);
      for (const h of hits.slice(0, 20)) io.stderr.write(`  ${inert(h)}\n`);
      return EXIT_FAIL_ON;
    }
  }
  return EXIT_OK;
}
