#!/usr/bin/env node
// Writes .sst/platform (SST's components, @pulumi/pulumi and @pulumi/aws, type definitions)
// that `tsc -p tsconfig.infra.json` and the infra plan test load. Offline-safe: without the
// three variables every sst command tries to download Pulumi and fails.
// Skips the ~30 s install when the platform already matches the installed sst version.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const want = JSON.parse(readFileSync(join(root, "node_modules/sst/package.json"), "utf8")).version;
const versionFile = join(root, ".sst/platform/version");
const have = existsSync(versionFile) ? readFileSync(versionFile, "utf8").trim() : null;
const complete = existsSync(join(root, ".sst/platform/node_modules/@pulumi/aws/package.json"));

if (have === want && complete) process.exit(0);
const started = Date.now();
execFileSync(process.execPath, [join(root, "node_modules/sst/bin/sst.mjs"), "install", "--stage", "ci"], {
  cwd: root,
  stdio: ["ignore", "inherit", "inherit"],
  env: { ...process.env, SST_SKIP_DEPENDENCY_CHECK: "1", SST_NO_BUN: "1", SST_TELEMETRY_DISABLED: "1" },
});
console.error(`sst install: platform ${want} written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
