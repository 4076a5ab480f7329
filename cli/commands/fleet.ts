import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compareAddonVersions } from "../../shared/catalog/index.ts";
import { DecodeError } from "../../shared/errors.ts";
import { createFleetClients } from "../../shared/fleet/aws-clients.ts";
import { takeFleetSnapshot } from "../../shared/fleet/inventory.ts";
import { renderFleetReport } from "../../shared/fleet/report/index.ts";
import type { FleetReport } from "../../shared/fleet/report/model.ts";
import { parseReport } from "../../shared/fleet/report/report-io.ts";
import { parseSnapshot, serializeSnapshot } from "../../shared/fleet/snapshot-io.ts";
import type { FleetSnapshot } from "../../shared/fleet/snapshot.ts";
import { EXIT_OK, EXIT_USAGE, type CliIo, type Command } from "../io.ts";
import type { FleetOptions } from "../options.ts";
import { formatAlerts } from "../../shared/output/index.ts";
import { inert } from "../terminal-text.ts";
import { ReportOutError, writeReports } from "../report-out.ts";
import { progressLine, progressStatus } from "../../shared/fleet/progress-text.ts";
import type { InventoryProgress } from "../../shared/fleet/inventory.ts";

class UsageError extends Error {
  override name = "UsageError";
}

/** `fleet ARGS…` through the command line's parser (the integration tests call this). */
export const run: Command = async (args, io) => (await import("../main.ts")).main(["fleet", ...args], io);

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

export async function runFleet(opts: FleetOptions, io: CliIo): Promise<number> {
  let previous: FleetReport | null = null;
  let saved: FleetSnapshot | null = null;
  try {
    if (opts.previous) previous = readInput(opts.previous, "--previous", parseReport);
    if (opts.fromSnapshot) saved = readInput(opts.fromSnapshot, "--from-snapshot", parseSnapshot);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`cni-auditor fleet: ${inert(err.message)}\n`);
    return EXIT_USAGE;
  }

  const snapshot = saved ?? (await inventory(opts, io));
  if (opts.saveSnapshot) writeFileSync(opts.saveSnapshot, serializeSnapshot(snapshot));
  const rendered = renderFleetReport(snapshot, previous);
  if (opts.out) {
    try {
      writeReports(opts.out, [
        ["report.json", rendered.json],
        ["report.md", rendered.markdown],
        ["report.html", rendered.html],
      ]);
    } catch (err) {
      if (!(err instanceof ReportOutError)) throw err;
      io.stderr.write(`cni-auditor fleet: ${inert(err.message)}\n`);
      return EXIT_USAGE;
    }
  }
  if (opts.format === "markdown") io.stdout.write(rendered.markdown);
  else if (opts.format === "json") io.stdout.write(rendered.json);
  else if (opts.format === "text") io.stdout.write(summaryText(rendered.report, opts));
  else {
    const out = formatAlerts(opts.format, rendered.report.findings);
    io.stdout.write(out.text);
    for (const note of out.notes) io.stderr.write(`${inert(note)}\n`);
  }

  const nothingRead = snapshot.clusters.length === 0 && snapshot.failures.length > 0;
  return nothingRead ? 1 : EXIT_OK;
}

/** Reads the fleet live (also `plan` without --snapshot). */
export async function inventory(opts: Pick<FleetOptions, "regions" | "accounts" | "roleName" | "profile" | "concurrency">, io: CliIo): Promise<FleetSnapshot> {
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
      iamClient: clients.iamClient,
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
      // Cluster names and AWS error messages are text from the API: inert on the terminal.
      if (line) stderr.write(`${inert(line)}\n`);
      if (tty) {
        stderr.write(inert(progressStatus(e, stderr.columns)));
        drawn = true;
      }
    },
    done: clear,
  };
}

function summaryText(report: FleetReport, opts: FleetOptions): string {
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
