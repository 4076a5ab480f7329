#!/usr/bin/env node
// The fleet report's HTML is tested in a real headless browser: Debian's chromium at
// /usr/bin/chromium (playwright-core cannot download its own here). `npm test` runs this
// first, so the README's test command also works on a fresh machine.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = "/usr/bin/chromium";
if (!existsSync(CHROMIUM)) {
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (!root || !existsSync("/usr/bin/apt-get")) {
    console.error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) and run npm test again`);
    process.exit(1);
  }
  console.error("installing Debian's chromium for the HTML report tests (apt-get)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "chromium"], { stdio: "inherit", env });
}
