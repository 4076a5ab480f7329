// The command line itself, through the built binary: help, version, colors, completion,
// suggestions, durations.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CATALOG_REVIEW } from "../../../shared/catalog/index.ts";
import { cli } from "../../helpers/cli.ts";

const INCIDENT = "examples/incident";
const ANSI = /\u001b\[/;

describe("help and version", () => {
  it.each(["replay", "fleet", "rules", "render", "completion"])("help %s and the command's --help print the same, correct help", (name) => {
    const viaHelp = cli(["help", name]);
    const viaFlag = cli([name, "--help"]);
    expect(viaHelp.code).toBe(0);
    expect(viaFlag.code).toBe(0);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
    expect(viaHelp.stdout).toMatch(new RegExp(`^Usage: cni-auditor ${name} `));
  });

  it("lists every replay flag in its help", () => {
    const help = cli(["replay", "--help"]).stdout;
    for (const flag of ["--format", "--json", "--cluster", "--account", "--region", "--window", "--config", "--snapshot", "--min-severity", "--only-cluster", "--only-rule", "--only-account", "--only-region", "--color", "--no-color"]) {
      expect(help).toContain(flag);
    }
  });

  it("prints the version with the catalog's review date (-V and --version)", () => {
    const short = cli(["-V"]);
    expect(short.code).toBe(0);
    expect(short.stdout).toMatch(/^cni-auditor \d+\.\d+\.\d+ /);
    expect(short.stdout).toContain(`known-issue catalog reviewed ${CATALOG_REVIEW.date}`);
    expect(cli(["--version"]).stdout).toBe(short.stdout);
  });

  it("without a command, prints the usage on stderr and exits 2", () => {
    const r = cli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Usage: cni-auditor");
    expect(r.stdout).toBe("");
  });
});

describe("typo suggestions", () => {
  it.each([
    [["repaly", "x"], /unknown command 'repaly'\n\(Did you mean replay\?\)/],
    [["replay", "--jsn", "x"], /unknown option '--jsn'\n\(Did you mean --json\?\)/],
    [["replay", "--only-rule", "eni-unauthorised", INCIDENT], /no rule "eni-unauthorised" \(did you mean eni-unauthorized\?\)/],
    [["help", "flet"], /no command "flet" \(did you mean fleet\?\)/],
    [["replay", "--format", "ocfs", INCIDENT], /Allowed choices are text, jsonl, markdown, csv, ocsf, asff, sarif/],
  ])("%j exits 2 with a suggestion", (args, message) => {
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });
});

describe("colors", () => {
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) => cli(["replay", ...args, INCIDENT], { env }).stdout;
  it("are off when stdout is not a terminal, on with --color or FORCE_COLOR", () => {
    expect(run([])).not.toMatch(ANSI);
    expect(run(["--color"])).toMatch(ANSI);
    expect(run([], { FORCE_COLOR: "1" })).toMatch(ANSI);
    expect(run([], { FORCE_COLOR: "0" })).not.toMatch(ANSI);
  });
  it("NO_COLOR beats FORCE_COLOR, and the flags beat both", () => {
    expect(run([], { FORCE_COLOR: "1", NO_COLOR: "1" })).not.toMatch(ANSI);
    expect(run(["--no-color"], { FORCE_COLOR: "1" })).not.toMatch(ANSI);
    expect(run(["--color"], { NO_COLOR: "1" })).toMatch(ANSI);
  });
});

describe("compound durations", () => {
  it("--window 1h30m folds like --window 90m, and differently from 10m", () => {
    const a = cli(["replay", "--json", "--window", "1h30m", INCIDENT]).stdout;
    expect(a).toBe(cli(["replay", "--json", "--window", "90m", INCIDENT]).stdout);
    expect(a).not.toBe(cli(["replay", "--json", "--window", "10m", INCIDENT]).stdout);
  });
  it("rejects a malformed compound duration with exit 2", () => {
    const r = cli(["replay", "--window", "30m1h", INCIDENT]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--window: "30m1h" is not a duration');
  });
});

describe("shell completion", () => {
  it.each(["bash", "zsh", "fish"])("prints a %s script naming every command and replay flag", (shell) => {
    const r = cli(["completion", shell]);
    expect(r.code).toBe(0);
    for (const word of ["replay", "fleet", "rules", "render", "only-cluster", "min-severity", "sarif"]) expect(r.stdout).toContain(word);
  });

  function complete(line: string[]): string[] {
    const script = cli(["completion", "bash"]).stdout;
    const words = line.map((w) => `'${w}'`).join(" ");
    const r = spawnSync("bash", ["-c", `${script}\nCOMP_WORDS=(${words}); COMP_CWORD=${line.length - 1}; _cni_auditor; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.split("\n").filter(Boolean);
  }

  it("bash completes commands, flags and flag values", () => {
    expect(complete(["cni-auditor", "re"]).sort()).toEqual(["render", "replay"]);
    expect(complete(["cni-auditor", "replay", "--only-r"]).sort()).toEqual(["--only-region", "--only-rule"]);
    expect(complete(["cni-auditor", "replay", "--format", "o"])).toEqual(["ocsf"]);
    expect(complete(["cni-auditor", "render", "--to", "s"])).toEqual(["slack", "sns"]);
  });
});
