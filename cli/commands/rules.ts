import { RULES } from "../../shared/rules/index.ts";
import { CATALOG_REVIEW, KNOWN_ISSUES, newestReview, type KnownIssue } from "../../shared/catalog/index.ts";
import { FLEET_CHECKS } from "../../shared/fleet/checks/index.ts";
import { EXIT_OK, type CliIo, type Command } from "../io.ts";

function conditionText(k: KnownIssue): string {
  const parts = [
    k.when.length ? `when ${k.when.join(" or ")}` : "",
    k.whenAll?.length ? `with ${k.whenAll.join(" and ")}` : "",
    k.unless?.length ? `unless ${k.unless.join(" or ")}` : "",
    k.condition ? `only if ${k.condition}` : "",
  ];
  return parts.filter(Boolean).join("; ");
}

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
  const fleetChecks = FLEET_CHECKS.map((c) => ({ id: c.id, severity: c.severity, summary: c.summary, looksAt: c.looksAt, references: c.references }));
  const catalog = { reviewed: newestReview(KNOWN_ISSUES), newestVersionsSeen: CATALOG_REVIEW.versions, entries: KNOWN_ISSUES.length };
  if (opts.json) {
    io.stdout.write(JSON.stringify({ catalog, rules, fleetChecks, knownIssues: KNOWN_ISSUES }, null, 2) + "\n");
    return EXIT_OK;
  }
  const seen = Object.entries(catalog.newestVersionsSeen).map(([addon, v]) => `${addon} ${v}`).join(", ");
  const out: string[] = [
    `Known-issue catalog reviewed ${catalog.reviewed ?? "never"}, up to ${seen}; newer versions are not reviewed yet (known issues unknown).`,
    "",
    "Rules",
    "",
  ];
  for (const r of rules) {
    out.push(`  ${r.id}  [${r.source}, ${r.severity}]`, `    ${r.summary}`, `    dedup key: ${r.dedupKey}`, "");
  }
  out.push("Fleet checks", "");
  for (const c of fleetChecks) out.push(`  ${c.id}  [fleet, ${c.severity}]`, `    ${c.summary}`, `    looks at: ${c.looksAt}`, "");
  out.push("Known-issue catalog", "");
  for (const k of KNOWN_ISSUES) {
    const range = `${k.from} ≤ v < ${k.toExclusive ?? "∞"}`;
    const when = conditionText(k);
    out.push(
      `  ${k.id}  ${k.kind}, ${k.addon} ${range}${when ? `, ${when}` : ""}`,
      `    ${k.title}`,
      `    reviewed ${k.reviewed}: ${k.references.join(" ")}`,
      "",
    );
  }
  io.stdout.write(out.join("\n"));
  return EXIT_OK;
}

/** `rules ARGS…` through the command line's parser (the unit tests call this). */
export const run: Command = async (args, io) => (await import("../main.ts")).main(["rules", ...args], io);
