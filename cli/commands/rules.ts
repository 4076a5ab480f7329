import { parseArgs } from "node:util";
import { RULES } from "../../shared/rules/index.ts";
import { KNOWN_ISSUES } from "../../shared/catalog/index.ts";
import { EXIT_OK, EXIT_USAGE, type CliIo } from "../io.ts";

const HELP = `Usage: cni-auditor rules [--json]

Lists the detection rules (id, source, severity, dedup key) and the VPC CNI known-issue catalog.
`;

export async function run(args: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { json: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
    }));
  } catch (err) {
    io.stderr.write(`cni-auditor rules: ${(err as Error).message}\n\n${HELP}`);
    return EXIT_USAGE;
  }
  if (values.help) {
    io.stdout.write(HELP);
    return EXIT_OK;
  }
  const rules = RULES.map((r) => ({
    id: r.id,
    source: r.source,
    severity: r.defaultSeverity,
    summary: r.summary,
    dedupKey: r.dedupKeyDoc,
    references: r.references,
  }));
  if (values.json) {
    io.stdout.write(JSON.stringify({ rules, knownIssues: KNOWN_ISSUES }, null, 2) + "\n");
    return EXIT_OK;
  }
  const out: string[] = ["Rules", ""];
  for (const r of rules) {
    out.push(`  ${r.id}  [${r.source}, ${r.severity}]`, `    ${r.summary}`, `    dedup key: ${r.dedupKey}`, "");
  }
  out.push("Known-issue catalog", "");
  for (const k of KNOWN_ISSUES) {
    const range = `${k.from} ≤ v < ${k.toExclusive ?? "∞"}`;
    const when = k.when.length ? ` when ${k.when.join(" or ")}` : "";
    out.push(`  ${k.id}  ${k.addon} ${range}${when}`, `    ${k.title}`, `    ${k.references.join(" ")}`, "");
  }
  io.stdout.write(out.join("\n"));
  return EXIT_OK;
}
