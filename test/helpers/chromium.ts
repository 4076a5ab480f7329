// Where the browser tests find Chromium or Chrome: CHROMIUM_PATH when set, else the usual
// places on Linux (Debian/Ubuntu packages, Google Chrome) and macOS. scripts/ensure-chromium.mjs
// (run by `npm test`) checks the same list and installs Debian's chromium when root on Debian.
import { existsSync } from "node:fs";

export const CHROMIUM_CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

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
