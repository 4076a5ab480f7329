import { RULES } from "../../shared/rules/index.ts";
import { KNOWN_ISSUES } from "../../shared/catalog/index.ts";
import { EXIT_OK, type CliIo } from "../io.ts";

export interface RulesOptions {
  json: boolean;
}

export async function runRules(opts: RulesOptions, io: CliIo): Promise<number> {
  const rules = RULES.map((r) => ({
    id: r.id,
    source: r.source,
    severity: r.defaultSeverity,
    summary: r.summary,
    dedupKey: r.dedupKeyDoc,
    references: r.references,
  }));
  if (opts.json) {
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
