#!/usr/bin/env node
// Builds the CLI and one bundle per Lambda handler with esbuild (runs on `npm ci` via prepare).
// ESM bundles of the AWS SDK need `mainFields: module,main` and a createRequire banner,
// or they fail at run time with "Dynamic require of node:https".
import { build } from "esbuild";
import { readdirSync, existsSync, readFileSync, rmSync } from "node:fs";
import { join, basename } from "node:path";
import { writeThirdPartyNotices } from "./third-party-notices.mjs";

const root = new URL("..", import.meta.url).pathname;
const banner = {
  js: 'import { createRequire as __cniCreateRequire } from "node:module"; const require = __cniCreateRequire(import.meta.url);',
};
const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  mainFields: ["module", "main"],
  banner,
  minify: true,
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
  metafile: true,
};

rmSync(join(root, "dist/cli"), { recursive: true, force: true });
const jobs = [
  // The CLI is split so that each command loads only its own code (fast start for replay).
  build({
    ...common,
    // replay-worker: the worker threads replay reads local files with (cli/input/replay-worker.ts).
    entryPoints: { "cni-auditor": join(root, "cli/entry.ts"), "replay-worker": join(root, "cli/input/replay-worker.ts") },
    outdir: join(root, "dist/cli"),
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    outExtension: { ".js": ".mjs" },
    target: "node20",
    // `cni-auditor --version` prints the package's version, fixed at build time.
    define: { __CNI_AUDITOR_VERSION__: JSON.stringify(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version) },
  }).then((r) => writeThirdPartyNotices(root, r.metafile, join(root, "dist/cli/THIRD-PARTY-NOTICES.txt"))),
];
const fnDir = join(root, "functions");
if (existsSync(fnDir)) {
  const entryPoints = Object.fromEntries(
    readdirSync(fnDir)
      .filter((n) => n.endsWith(".ts") && !n.endsWith(".d.ts"))
      .map((f) => [basename(f, ".ts"), join(fnDir, f)]),
  );
  rmSync(join(root, "dist/functions"), { recursive: true, force: true });
  jobs.push(
    build({
      ...common,
      entryPoints,
      outdir: join(root, "dist/functions"),
      outExtension: { ".js": ".mjs" },
      // Perf (issue 6): what the SDK only imports on demand (the SSO/INI/web-identity
      // credential providers and their nested STS/SSO clients, event streams…) goes to chunks
      // that Lambda never loads (credentials come from the environment), so each handler
      // parses ~100 KB less at cold start. Each handler is dist/functions/<name>.mjs plus the
      // chunks it imports statically (shared between handlers only when identical code).
      // infra/functions.ts sets the same `splitting` for what SST deploys.
      splitting: true,
      chunkNames: "chunks/[name]-[hash]",
      // Lambda runs nodejs22.x on arm64 (infra/); the bundle carries its own SDK.
      target: "node22",
      // No keepNames (24 KB, ~5 ms of import per bundle): error classes name themselves.
    }),
  );
}
await Promise.all(jobs);
