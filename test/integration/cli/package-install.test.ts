// Installable like a tool: the packed tarball, installed offline into an empty folder, runs.
// `npm pack --ignore-scripts` packs the dist/ that `npm test` built (prepack would rebuild
// dist/ under the other tests' feet).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO } from "../../helpers/cli.ts";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
let work: string;
let tarball: string;
let app: string;
let packed: { files: Array<{ path: string }> };

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "cni-pack-"));
  const env = { ...process.env, npm_config_cache: join(work, "cache"), npm_config_update_notifier: "false" };
  const out = execFileSync(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", work], { cwd: REPO, env, encoding: "utf8" });
  packed = (JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>)[0]!;
  tarball = join(work, (packed as unknown as { filename: string }).filename);
  app = join(work, "app");
  execFileSync("mkdir", ["-p", app]);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "empty", version: "1.0.0", private: true }));
  execFileSync(npm, ["install", "--offline", "--no-audit", "--no-fund", tarball], { cwd: app, env, encoding: "utf8" });
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const run = (args: string[]) => spawnSync(join(app, "node_modules/.bin/cni-auditor"), args, { cwd: app, encoding: "utf8", env: { PATH: process.env.PATH } });

describe("the npm package", () => {
  it("ships the launcher, the built CLI, the examples and the licence, and no sources", () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths).toContain("bin/cni-auditor.mjs");
    expect(paths).toContain("dist/cli/cni-auditor.mjs");
    expect(paths).toContain("LICENSE");
    expect(paths).toContain("dist/cli/THIRD-PARTY-NOTICES.txt");
    expect(paths).toContain("examples/fleet/snapshot.json");
    expect(paths.filter((p) => /\.ts$/.test(p) || p.startsWith("test/") || p.startsWith("dist/functions/"))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(app, "node_modules/cni-auditor/package.json"), "utf8"));
    expect(manifest.private).toBeUndefined();
    expect(manifest.license).toBe("Apache-2.0");
    expect(manifest.dependencies ?? {}).toEqual({}); // the bundle carries what it uses
  });

  it("runs from an empty folder after an offline install: version, replay, fleet", () => {
    const version = run(["--version"]);
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(/^cni-auditor 0\.1\.0 \(known-issue catalog reviewed \d{4}-\d{2}-\d{2}/);
    const examples = join(app, "node_modules/cni-auditor/examples");
    const replay = run(["replay", "--format", "jsonl", join(examples, "incident")]);
    expect(replay.status).toBe(0);
    expect(replay.stdout.trim().split("\n").map((l) => JSON.parse(l).rule)).toContain("eni-unauthorized");
    const fleet = run(["fleet", "--from-snapshot", join(examples, "fleet/snapshot.json")]);
    expect(fleet.status).toBe(0);
    expect(fleet.stdout).toMatch(/^7 clusters checked, \d+ findings/);
  });
});
