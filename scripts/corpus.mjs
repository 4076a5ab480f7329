#!/usr/bin/env node
// npm run corpus -- DIR [DIR…] [--expect-alerts] [--region R]: checks real exports (see corpus-check.mjs).
import { checkCorpus } from "./corpus-check.mjs";

const args = process.argv.slice(2);
const expectAlerts = args.includes("--expect-alerts");
const r = args.indexOf("--region");
const region = r >= 0 ? args[r + 1] : undefined;
const dirs = args.filter((a, i) => !a.startsWith("--") && (r < 0 || i !== r + 1));
if (dirs.length === 0) {
  process.stderr.write("usage: npm run corpus -- DIR [DIR…] [--expect-alerts] [--region REGION]\n");
  process.exit(2);
}
let failed = 0;
for (const dir of dirs) {
  const res = checkCorpus(dir, { expectAlerts, ...(region ? { region } : {}) });
  process.stdout.write(`${dir}: ${res.summary}\n`);
  for (const a of res.alerts) process.stdout.write(`  alert ${a.severity} ${a.rule}: ${a.title}\n`);
  for (const p of res.problems) process.stdout.write(`  FAIL ${p}\n`);
  if (res.problems.length > 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
