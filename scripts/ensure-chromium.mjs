#!/usr/bin/env node
// The fleet report's HTML is tested in a real headless browser (playwright-core drives it; it
// cannot download its own here). The tests take CHROMIUM_PATH, else the first of the usual
// places on Linux and macOS (test/helpers/chromium.ts; both read chromium-candidates.json). `npm test` runs this first:
// with none found it installs Debian's chromium when run as root on Debian, else it says how.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import CANDIDATES from "./chromium-candidates.json" with { type: "json" };

const set = process.env.CHROMIUM_PATH;
if (set && !existsSync(set)) {
  console.error(`CHROMIUM_PATH=${set} does not exist`);
  process.exit(1);
}
if (!set && !CANDIDATES.some((p) => existsSync(p))) {
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (!root || !existsSync("/usr/bin/apt-get")) {
    console.error(`no Chromium or Chrome found (looked at ${CANDIDATES.join(", ")}): install one (Debian: apt-get install -y chromium; macOS: Google Chrome) or set CHROMIUM_PATH=/path/to/chrome, then run npm test again`);
    process.exit(1);
  }
  console.error("installing Debian's chromium for the HTML report tests (apt-get)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "chromium"], { stdio: "inherit", env });
}
