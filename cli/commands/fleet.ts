import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { compareAddonVersions } from "../../shared/catalog/index.ts";
import { isRegion } from "../../shared/core/region.ts";
import { DecodeError } from "../../shared/errors.ts";
import { createFleetClients } from "../../shared/fleet/aws-clients.ts";
import { takeFleetSnapshot } from "../../shared/fleet/inventory.ts";
import { renderFleetReport } from "../../shared/fleet/report/index.ts";
import type { FleetReport } from "../../shared/fleet/report/model.ts";
import { parseReport } from "../../shared/fleet/report/report-io.ts";
import { parseSnapshot, serializeSnapshot } from "../../shared/fleet/snapshot-io.ts";
import type { FleetSnapshot } from "../../shared/fleet/snapshot.ts";
import { EXIT_OK, EXIT_USAGE, type CliIo } from "../io.ts";
import { inert } from "../terminal-text.ts";
import { progressLine, progressStatus } from "../../shared/fleet/progress-text.ts";
import type { InventoryProgress } from "../../shared/fleet/inventory.ts";

const HELP = `Usage: cni-auditor fleet --regions LIST [options]
       cni-auditor fleet --from-snapshot FILE [options]

Reads every EKS cluster's VPC CNI state (add-ons, versions, Pod Identity, insights,
logging) with your normal AWS credentials, runs the fleet checks, and reports.

Options:
  --regions LIST          regions to read, comma-separated (default: AWS_REGION)
  --accounts LIST         member account ids to read by assuming --role-name in each
  --role-name NAME        role to assume in every member account (path/name allowed)
  --profile NAME          AWS profile for your own credentials (default: AWS_PROFILE)
  --concurrency N         parallel EKS reads (default 4)
  --out DIR               write report.json, report.md and report.html to DIR
  --save-snapshot FILE    also save what was read (to re-check offline later)
  --from-snapshot FILE    check a saved snapshot instead of calling AWS
  --previous FILE         report.json of an earlier run: show new and resolved findings
  --format md|json        print the Markdown or JSON report on stdout instead of a summary
  -h, --help              this help

Exit codes: 0 done (findings and unreadable clusters are reported, not errors),
1 nothing could be read, 2 usage error or unreadable input file.
`;

class UsageError extends Error {
  override name = "UsageError";
}

interface Options {
  regions: string[];
  accounts: string[];
  roleName: string | null;
  profile: string | undefined;
  concurrency: number;
  out: string | undefined;
  saveSnapshot: string | undefined;
  fromSnapshot: string | undefined;
  previous: string | undefined;
  format: "md" | "json" | undefined;
}

function list(v: string | undefined): string[] {
  return (v ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

function parseOptions(args: string[], env: NodeJS.ProcessEnv): Options | "help" {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      regions: { type: "string" },
      accounts: { type: "string" },
      "role-name": { type: "string" },
      profile: { type: "string" },
      concurrency: { type: "string" },
      out: { type: "string" },
      "save-snapshot": { type: "string" },
      "from-snapshot": { type: "string" },
      previous: { type: "string" },
      format: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return "help";
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const fromSnapshot = values["from-snapshot"];
  if (fromSnapshot && values["save-snapshot"]) throw new UsageError("--save-snapshot and --from-snapshot exclude each other");
  if (fromSnapshot && (values.regions || values.accounts || values["role-name"])) {
    throw new UsageError("--from-snapshot checks a saved snapshot; --regions/--accounts/--role-name do not apply");
  }
  const regions = list(values.regions ?? (fromSnapshot ? "" : (env.AWS_REGION ?? env.AWS_DEFAULT_REGION)));
  if (!fromSnapshot && regions.length === 0) throw new UsageError("--regions is required (or set AWS_REGION)");
  for (const r of regions) if (!isRegion(r)) throw new UsageError(`--regions: "${r}" is not an AWS region`);
  const accounts = list(values.accounts);
  for (const a of accounts) if (!/^\d{12}$/.test(a)) throw new UsageError(`--accounts: "${a}" is not a 12-digit account id`);
  const roleName = values["role-name"]?.trim() || null;
  if (accounts.length && !roleName) throw new UsageError("--accounts needs --role-name (the role to assume in each account)");
  if (roleName && !accounts.length) throw new UsageError("--role-name needs --accounts");
  const concurrency = values.concurrency === undefined ? 4 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw new UsageError("--concurrency must be 1…32");
  const format = values.format;
  if (format !== undefined && format !== "md" && format !== "json") throw new UsageError(`--format must be md or json, not "${format}"`);
  return {
    regions,
    accounts,
    roleName,
    profile: values.profile,
    concurrency,
    out: values.out,
    saveSnapshot: values["save-snapshot"],
    fromSnapshot,
    previous: values.previous,
    format,
  };
}

function readInput<T>(file: string, what: string, parse: (text: string) => T): T {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(`${what}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    return parse(text);
  } catch (err) {
    if (err instanceof DecodeError) throw new UsageError(`${what} ${file}: ${err.message}`);
    throw err;
  }
}

export async function run(args: string[], io: CliIo): Promise<number> {
  let opts: Options | "help";
  let previous: FleetReport | null = null;
  let saved: FleetSnapshot | null = null;
  try {
    opts = parseOptions(args, io.env);
    if (opts === "help") {
      io.stdout.write(HELP);
      return EXIT_OK;
    }
    if (opts.previous) previous = readInput(opts.previous, "--previous", parseReport);
    if (opts.fromSnapshot) saved = readInput(opts.fromSnapshot, "--from-snapshot", parseSnapshot);
  } catch (err) {
    if (!(err instanceof UsageError) && !(err instanceof TypeError)) throw err;
    io.stderr.write(`cni-auditor fleet: ${err.message}\n\n${HELP}`);
    return EXIT_USAGE;
  }

  const snapshot = saved ?? (await inventory(opts, io));
  if (opts.saveSnapshot) writeFileSync(opts.saveSnapshot, serializeSnapshot(snapshot));
  const rendered = renderFleetReport(snapshot, previous);
  if (opts.out) {
    mkdirSync(opts.out, { recursive: true });
    writeFileSync(join(opts.out, "report.json"), rendered.json);
    writeFileSync(join(opts.out, "report.md"), rendered.markdown);
    writeFileSync(join(opts.out, "report.html"), rendered.html);
  }
  if (opts.format === "md") io.stdout.write(rendered.markdown);
  else if (opts.format === "json") io.stdout.write(rendered.json);
  else io.stdout.write(summaryText(rendered.report, opts));

  const nothingRead = snapshot.clusters.length === 0 && snapshot.failures.length > 0;
  return nothingRead ? 1 : EXIT_OK;
}

async function inventory(opts: Options, io: CliIo): Promise<FleetSnapshot> {
  // EKS read APIs throttle per account: retry more than the SDK's 3 attempts unless the
  // user set AWS_MAX_ATTEMPTS (AWS_RETRY_MODE=adaptive is honoured by the SDK too).
  const clients = createFleetClients({
    roleName: opts.roleName,
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(io.env.AWS_MAX_ATTEMPTS ? {} : { maxAttempts: 6 }),
  });
  const progress = createProgress(io);
  try {
    return await takeFleetSnapshot({
      regions: opts.regions,
      accounts: opts.accounts,
      roleName: opts.roleName,
      takenAt: new Date().toISOString(),
      eksClient: clients.eksClient,
      compareVersions: compareAddonVersions,
      concurrency: opts.concurrency,
      onProgress: progress.update,
    });
  } finally {
    progress.done();
    clients.destroy();
  }
}

/** Progress on stderr: a bar redrawn in place on a terminal, plain lines otherwise. */
function createProgress(io: CliIo): { update(e: InventoryProgress): void; done(): void } {
  const stderr = io.stderr as NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  const tty = stderr.isTTY ?? io.isTTY;
  let drawn = false;
  const clear = (): void => {
    if (drawn) stderr.write("\r\x1b[2K");
    drawn = false;
  };
  return {
    update(e) {
      const line = progressLine(e, tty);
      if (tty) clear();
      if (line) stderr.write(`${line}\n`);
      if (tty) {
        stderr.write(progressStatus(e, stderr.columns));
        drawn = true;
      }
    },
    done: clear,
  };
}

function summaryText(report: FleetReport, opts: Options): string {
  const s = report.summary;
  const lines = [
    `${s.clusters} cluster${s.clusters === 1 ? "" : "s"} checked, ${s.findings} finding${s.findings === 1 ? "" : "s"} ` +
      `(${Object.entries(s.bySeverity).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(", ") || "none"})`,
  ];
  for (const f of report.findings.slice(0, 10)) lines.push(`  ${f.severity.padEnd(8)} ${inert(`${f.region}/${f.cluster}  ${f.title}`)}`);
  if (report.findings.length > 10) lines.push(`  … ${report.findings.length - 10} more in the report`);
  if (report.changes) lines.push(`since ${report.changes.previousGeneratedAt}: ${report.changes.new.length} new, ${report.changes.resolved.length} resolved`);
  for (const f of report.failures) {
    lines.push(inert(`not read: ${f.account ?? "-"}/${f.region}/${f.cluster ?? "(all clusters)"}: ${f.operation}: ${f.error}`));
  }
  lines.push(opts.out ? `reports: ${join(opts.out, "report.html")} (also report.md, report.json)` : "write the reports with --out DIR");
  return `${lines.join("\n")}\n`;
}
