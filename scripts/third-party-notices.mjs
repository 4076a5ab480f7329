// The licences of the packages bundled into dist/cli (legalComments is "none", so the
// bundle itself carries none): the npm package ships this file beside the bundle.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Package roots (node_modules/<name> or node_modules/@scope/<name>) of a metafile's inputs. */
function bundledPackages(metafile) {
  const roots = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const at = input.lastIndexOf("node_modules/");
    if (at < 0) continue;
    const m = /^node_modules\/(?:@[^/]+\/)?[^/]+/.exec(input.slice(at));
    if (m) roots.add(input.slice(0, at + m[0].length));
  }
  return [...roots].sort();
}

export function writeThirdPartyNotices(root, metafile, outFile) {
  const parts = ["Third-party software bundled in this package's dist/cli/ files.\n"];
  for (const dir of bundledPackages(metafile)) {
    const abs = join(root, dir);
    const pkg = JSON.parse(readFileSync(join(abs, "package.json"), "utf8"));
    const licenceFile = readdirSync(abs).find((f) => /^(licen[cs]e|copying|notice)(\.|$)/i.test(f));
    const text = licenceFile && existsSync(join(abs, licenceFile)) ? readFileSync(join(abs, licenceFile), "utf8").trim() : `License: ${pkg.license ?? "see package"}`;
    parts.push(`${"=".repeat(72)}\n${pkg.name}@${pkg.version} (${pkg.license ?? "unknown"})\n${"-".repeat(72)}\n${text}\n`);
  }
  writeFileSync(outFile, parts.join("\n"));
}
