import { readFileSync } from "node:fs";
import { loadInfraConfig, STAGES, type StageSettings } from "../../infra/config.ts";
import { memberTemplate } from "../../infra/member-template.ts";
import { templateYaml } from "../../infra/member-template-yaml.ts";
import { EXIT_OK, EXIT_USAGE, type CliIo } from "../io.ts";
import { inert } from "../terminal-text.ts";

/** What the parser hands over (cli/parser/member-template.ts). */
export interface MemberTemplateCliOptions {
  stage: string;
  settings: string | undefined;
  role: boolean;
  events: boolean;
  logs: "log-groups" | "account" | "none" | undefined;
  externalId: string | undefined;
  trustedRoles: string[];
  format: "json" | "yaml";
}

/** The member stage's settings, as `sst deploy` would read them (stage table, then CNI_AUDITOR_*). */
function stageTable(file: string | undefined): Record<string, StageSettings> {
  if (file === undefined) return STAGES;
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new Error("not an object of stage settings by stage name");
  return parsed as Record<string, StageSettings>;
}

export async function runMemberTemplate(opts: MemberTemplateCliOptions, io: CliIo): Promise<number> {
  const fail = (what: string): number => {
    io.stderr.write(`${inert(`cni-auditor member-template: ${what}`)}\n`);
    return EXIT_USAGE;
  };
  let stages: Record<string, StageSettings>;
  try {
    stages = stageTable(opts.settings);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail(`${opts.settings}: ${code ? `cannot read (${code})` : (err as Error).message}`);
  }
  if (!Object.hasOwn(stages, opts.stage))
    return fail(`no stage "${opts.stage}" in ${opts.settings ?? "infra/config.ts"} (stages: ${Object.keys(stages).join(", ") || "none"})`);
  const config = loadInfraConfig(opts.stage, io.env, stages);
  const logs = opts.logs ?? (config.clusters.length > 0 ? "log-groups" : "account");
  let template: ReturnType<typeof memberTemplate>;
  try {
    template = memberTemplate(config, {
      role: opts.role,
      events: opts.events,
      logs,
      externalId: opts.externalId,
      trustedRoles: opts.trustedRoles,
    });
  } catch (err) {
    return fail((err as Error).message);
  }
  io.stdout.write(opts.format === "yaml" ? templateYaml(template) : `${JSON.stringify(template, null, 2)}\n`);
  return EXIT_OK;
}
