// Where the browser tests find Chromium or Chrome: CHROMIUM_PATH when set, else the usual
// places on Linux (Debian/Ubuntu packages, Google Chrome) and macOS. scripts/ensure-chromium.mjs
// (run by `npm test`) checks the same list (scripts/chromium-candidates.json) and installs Debian's chromium when root on Debian.
import { existsSync } from "node:fs";
import candidates from "../../scripts/chromium-candidates.json" with { type: "json" };

/** The places looked at, in order: one list, shared with scripts/ensure-chromium.mjs. */
export const CHROMIUM_CANDIDATES: readonly string[] = candidates;

/** The browser's executable; throws saying how to point at one. */
export function chromiumPath(): string {
  const set = process.env.CHROMIUM_PATH;
  if (set) {
    if (!existsSync(set)) throw new Error(`CHROMIUM_PATH=${set} does not exist`);
    return set;
  }
  const found = CHROMIUM_CANDIDATES.find((p) => existsSync(p));
  if (!found) throw new Error(`no Chromium or Chrome found (looked at ${CHROMIUM_CANDIDATES.join(", ")}): install one, or set CHROMIUM_PATH=/path/to/chrome`);
  return found;
}
