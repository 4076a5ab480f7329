#!/usr/bin/env node
// Launcher: runs the prebuilt bundle (built by `npm ci` through `prepare`), no TS loader.
import { existsSync } from "node:fs";
const bundle = new URL("../dist/cli/cni-auditor.mjs", import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write("cni-auditor: not built yet; run `npm run build` (npm ci does it for you)\n");
  process.exit(2);
}
await import(bundle.href);
