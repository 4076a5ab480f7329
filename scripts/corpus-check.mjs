// Runs the built `cni-auditor replay` over every file under a directory of real exports (or our
// reproductions of them) and checks what a corpus must show: no crash, every record decoded or
// skipped with a reason (no rejection), and clean data quiet (no alert above info).
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const CLI = resolve(fileURLToPath(new URL("../bin/cni-auditor.mjs", import.meta.url)));
const ABOVE_INFO = ["critical", "high", "medium", "low"];

/** { summary, rejections, alerts, problems }; `expectAlerts`: true positives, alerts are wanted. */
export function checkCorpus(dir, { expectAlerts = false, region = "us-east-1" } = {}) {
  // replay walks the directory itself (sorted, any depth, no hidden entries, notes or loops).
  const run = spawnSync(process.execPath, [CLI, "replay", "--json", "--region", region, dir], { encoding: "utf8", maxBuffer: 1 << 30 });
  const stderr = run.stderr.split("\n").filter(Boolean);
  const summary = stderr.find((l) => l.startsWith("files ")) ?? "";
  const rejections = stderr.filter((l) => l.startsWith("rejected "));
  const alerts = run.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l));
  const problems = [];
  if (run.status !== 0 || run.signal) problems.push(`replay exited ${run.status ?? run.signal}: ${stderr.slice(-3).join(" / ")}`);
  if (rejections.length > 0) problems.push(`${rejections.length} rejection(s), first: ${rejections[0]}`);
  const loud = alerts.filter((a) => ABOVE_INFO.includes(a.severity));
  if (!expectAlerts && loud.length > 0) problems.push(`${loud.length} alert(s) above info, first: ${loud[0].rule} ${loud[0].severity} ${loud[0].title}`);
  if (expectAlerts && loud.length === 0) problems.push("no alert above info where true positives were expected");
  return { summary, rejections, alerts, problems };
}
