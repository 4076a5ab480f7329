import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// scripts/check-imports.mjs, the `npm run lint` step: no import cycle between folders, and the
// pure core (shared/) imports nothing from functions/, cli/ or infra/.
const script = fileURLToPath(new URL("../../../scripts/check-imports.mjs", import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { encoding: "utf8" });

const tmp = mkdtempSync(join(tmpdir(), "imports-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
function tree(name: string, files: Record<string, string>): string {
  const root = join(tmp, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe("folder import graph", () => {
  it("has no cycle and keeps shared/ free of functions/, cli/ and infra/", () => {
    const r = run();
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("reports a cycle between sibling folders, type-only imports included", () => {
    const root = tree("cycle", {
      "shared/rules/a.ts": 'import { b } from "../store/b.ts";\nexport const a = b;\n',
      "shared/store/b.ts": 'import type { A } from "../rules/c.ts";\nexport const b = 1;\n',
      "shared/rules/c.ts": "export type A = number;\n",
    });
    const r = run("--root", root);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("import cycle between folders: shared/rules → shared/store → shared/rules");
  });

  it("reports the core importing a handler, and takes a folder running its own subfolders as no cycle", () => {
    const root = tree("layers", {
      "shared/fleet/evaluate.ts": 'import { c } from "./checks/c.ts";\nexport const e = c;\n',
      "shared/fleet/checks/c.ts": 'import { h } from "../helpers.ts";\nexport const c = h;\n',
      "shared/fleet/helpers.ts": "export const h = 1;\n",
      "shared/x.ts": 'import { f } from "../functions/f.ts";\nexport const x = f;\n',
      "functions/f.ts": "export const f = 1;\n",
    });
    const r = run("--root", root);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual(['shared/x.ts imports ../functions/f.ts: shared/ must not import from functions/']);
  });
});
