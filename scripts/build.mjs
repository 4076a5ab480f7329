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
  // One build per handler, as SST bundles each function on its own: built together, chunks
  // shared with the fleet function pulled S3's XML protocol code (~20 KB) into the event
  // handlers' cold start. Chunk names are content hashes, so identical chunks are one file.
  for (const [name, entry] of Object.entries(entryPoints)) {
    jobs.push(
      build({
        ...common,
        entryPoints: { [name]: entry },
        outdir: join(root, "dist/functions"),
        outExtension: { ".js": ".mjs" },
        // Perf (issue 6): what the SDK only imports on demand (the SSO/INI/web-identity
        // credential providers and their nested STS/SSO clients, event streams…) and what the
        // handler loads on first use (the SNS and Security Hub clients) go to chunks that a
        // cold start does not load. Each handler is dist/functions/<name>.mjs plus the chunks
        // it imports statically. infra/functions.ts sets the same `splitting` for what SST deploys.
        splitting: true,
        chunkNames: "chunks/[name]-[hash]",
        // Lambda runs nodejs22.x on arm64 (infra/); the bundle carries its own SDK.
        target: "node22",
        // No keepNames (24 KB, ~5 ms of import per bundle): error classes name themselves.
      }).then((r) => checkBudget(name, r.metafile)),
    );
  }
}

/**
 * What a cold start loads (the handler and the chunks it imports statically) within budget:
 * event handlers 450 KB, the fleet functions (fleet-*) 720 KB (the bench targets, bench/report.ts).
 * The fleet functions run on a schedule, never on an alert's path; since the IAM simulation and
 * the log-subscription check (two SDK clients every run uses, ~46 KB) they need 720, not 700.
 */
function checkBudget(name, metafile) {
  const outs = metafile.outputs;
  const entry = Object.keys(outs).find((k) => !k.includes("/chunks/") && outs[k].entryPoint);
  const seen = new Set();
  const walk = (o) => {
    if (seen.has(o) || !outs[o]) return;
    seen.add(o);
    for (const i of outs[o].imports) if (i.kind === "import-statement") walk(i.path);
  };
  walk(entry);
  const kb = [...seen].reduce((n, o) => n + outs[o].bytes, 0) / 1024;
  // One rule: every fleet function (fleet-report, fleet-worker) has the fleet budget.
  const budget = name.startsWith("fleet-") ? 720 : 450;
  const line = `dist/functions/${name}.mjs: ${kb.toFixed(0)} KB at cold start (budget ${budget} KB)`;
  if (kb > budget) {
    console.error(`${line}: OVER BUDGET`);
    process.exitCode = 1;
  } else console.log(line);
}
await Promise.all(jobs);
