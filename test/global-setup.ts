import { execFileSync } from "node:child_process";

// End-to-end tests spawn the built CLI and load the built Lambda bundles: build them once.
export default function setup(): void {
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
}
