#!/usr/bin/env node
// `npm run bench` (after scripts/build.mjs): bundles the TypeScript bench harness with esbuild
// (no TypeScript loader, so nothing but the measured code runs) and runs it with --expose-gc,
// forwarding arguments: --quick, --reps N, --payloads N, --spawns N, --json FILE.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const outdir = join(root, "dist/bench");
await build({
  entryPoints: { main: join(root, "bench/main.ts"), "max-payload": join(root, "bench/max-payload.ts") },
  outdir,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // esbuild stays external (the bench loads it to read bundle metafiles), and dynalite (native
  // leveldb bindings), which the storm-cost section runs as the loopback DynamoDB.
  external: ["esbuild", "dynalite"],
  banner: { js: 'import { createRequire as __req } from "node:module"; const require = __req(import.meta.url);' },
  logLevel: "warning",
});
const r = spawnSync(process.execPath, ["--expose-gc", join(outdir, "main.mjs"), "--root", root, ...process.argv.slice(2)], {
  stdio: "inherit",
});
process.exit(r.status ?? 1);
