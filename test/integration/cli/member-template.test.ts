// The README's "An organization" section, followed step by step: its settings load as the deploy
// loads them, its `member-template` commands run through the built CLI, and the templates its
// StackSet commands roll out are valid CloudFormation that fits the central stage's settings.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadInfraConfig, type StageSettings } from "../../../infra/config.ts";
import { validateTemplate } from "../../helpers/cfnspec.ts";
import { cli } from "../../helpers/cli.ts";

const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
const start = readme.indexOf("### An organization");
const section = readme.slice(start, readme.indexOf("\n### ", start + 1));
const blocks = (lang: string): string[] => [...section.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]!);
const stages = JSON.parse(blocks("json")[0]!) as Record<string, StageSettings>;
/** The shell block's commands, continuation lines joined. */
const commands = blocks("sh")[0]!
  .replace(/\\\n\s*/g, " ")
  .split("\n")
  .filter((l) => l.trim());
const dir = mkdtempSync(join(tmpdir(), "cni-org-"));
const settingsFile = join(dir, "stages.json");
writeFileSync(settingsFile, JSON.stringify(stages));

const central = loadInfraConfig("central", {}, stages);
const member = loadInfraConfig("member", {}, stages);
const words = (line: string): string[] => line.trim().split(/\s+/);
const flag = (w: string[], name: string): string[] => {
  const i = w.indexOf(name);
  const out: string[] = [];
  for (let j = i + 1; i >= 0 && j < w.length && !w[j]!.startsWith("--"); j++) out.push(w[j]!);
  return out;
};

describe("README, An organization", () => {
  it("section and steps are there", () => {
    expect(start).toBeGreaterThan(0);
    expect(commands.filter((c) => c.startsWith("npx cni-auditor member-template"))).toHaveLength(2);
    expect(commands.filter((c) => c.startsWith("aws cloudformation create-stack-set "))).toHaveLength(2);
  });

  it("the settings load as `sst deploy` loads them, and the members point at the central stage", () => {
    expect(central.mode).toBe("central");
    expect(central.protect).toBe(true);
    expect(member.mode).toBe("member");
    expect(member.intakeName).toBe(central.intakeName);
    expect(member.fleet.roleName).toBe(central.fleet.roleName);
    // The central stage's own region gets a destination too, and it is where members send events.
    expect(central.members!.regions).toContain(member.central!.region);
    expect(section).toContain(`(account ${member.central!.account})`);
    expect(section).toContain(`AWS_REGION=${member.central!.region} npx sst deploy --stage central`);
    expect(section).toContain("npx sst deploy --stage member");
  });

  const templates = new Map<string, any>();
  it("each member-template step prints a valid template", () => {
    for (const c of commands.filter((l) => l.startsWith("npx cni-auditor member-template"))) {
      const [args, out] = c.replace(/^npx cni-auditor /, "").split(" > ");
      const r = cli([...words(args!), "--settings", settingsFile]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      writeFileSync(join(dir, out!.trim()), r.stdout);
      const t = JSON.parse(r.stdout);
      expect(validateTemplate(t)).toEqual([]);
      templates.set(out!.trim(), t);
    }
    expect(templates.size).toBe(2);
  });

  it("the StackSets: the role in one region per account with CAPABILITY_NAMED_IAM, the forwarding in every member region", () => {
    const sets = new Map<string, { file: string; capabilities: string[] }>();
    for (const c of commands.filter((l) => l.startsWith("aws cloudformation create-stack-set "))) {
      const w = words(c);
      const file = flag(w, "--template-body")[0]!.replace(/^file:\/\//, "");
      expect(templates.has(file), file).toBe(true);
      sets.set(flag(w, "--stack-set-name")[0]!, { file, capabilities: flag(w, "--capabilities") });
    }
    const regionsOf = new Map<string, string[]>();
    for (const c of commands.filter((l) => l.startsWith("aws cloudformation create-stack-instances "))) {
      const w = words(c);
      regionsOf.set(flag(w, "--stack-set-name")[0]!, flag(w, "--regions"));
    }
    let roles = 0;
    for (const [name, s] of sets) {
      const t = templates.get(s.file);
      const types = Object.values(t.Resources).map((r: any) => r.Type);
      const named = Object.values(t.Resources).some((r: any) => r.Type === "AWS::IAM::Role" && r.Properties.RoleName);
      expect(s.capabilities, name).toEqual([named ? "CAPABILITY_NAMED_IAM" : "CAPABILITY_IAM"]);
      if (t.Resources.FleetReadRole) {
        roles++;
        expect(t.Resources.FleetReadRole.Properties.RoleName).toBe(central.fleet.roleName);
        expect(JSON.stringify(t.Resources.FleetReadRole.Properties.AssumeRolePolicyDocument)).toContain(
          `iam::${member.central!.account}:root`,
        );
        expect(types).toEqual(["AWS::IAM::Role"]);
        expect(regionsOf.get(name)).toHaveLength(1);
      } else {
        expect(types).toContain("AWS::Events::Rule");
        expect(types).toContain("AWS::Logs::AccountPolicy");
        expect(JSON.stringify(t)).toContain(`:${member.central!.account}:destination:${central.intakeName}`);
        expect(regionsOf.get(name)?.sort()).toEqual([...central.members!.regions].sort());
      }
    }
    expect(roles).toBe(1);
  });
});

describe("cni-auditor member-template refuses", () => {
  it("an unknown stage, a stage that is not a member, and a bad flag value (exit 2, one line)", () => {
    for (const [args, message] of [
      [["--stage", "nope"], /no stage "nope"/],
      [["--stage", "central"], /mode member/],
      [["--stage", "member", "--trusted-role", "arn:aws:iam::123456789012:role/x"], /not in the central account/],
      [["--stage", "member", "--external-id", "a b"], /--external-id/],
    ] as const) {
      const r = cli(["member-template", ...args, "--settings", settingsFile]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe("");
    }
  });
});
