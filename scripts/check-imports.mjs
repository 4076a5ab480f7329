#!/usr/bin/env node
// `npm run lint` step: the folder-level import graph of shared/, cli/, functions/ and infra/ has
// no cycle, and nothing in shared/ (the pure core) imports from functions/, cli/ or infra/.
// Reads the import/export lines of every .ts file (type-only imports count: they tie folders
// together just the same). A folder importing its own subfolders (shared/fleet/evaluate.ts runs
// shared/fleet/checks/) is composition, not a dependency between folders: those edges are left
// out; every other edge (to a sibling, a parent or elsewhere) counts. Pure Node, no dependency.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

// `--root DIR` checks another tree (the test builds one with a cycle).
const rootArg = process.argv.indexOf("--root");
const root = resolve(rootArg > 0 ? process.argv[rootArg + 1] : new URL("..", import.meta.url).pathname);
const TOP = ["shared", "cli", "functions", "infra"];
const existing = (dir) => { try { return statSync(dir).isDirectory(); } catch { return false; } };
const CORE_MAY_NOT_IMPORT = ["functions", "cli", "infra"];
const SPEC = /^\s*(?:import|export)\b[^'"]*?\bfrom\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/gm;

function tsFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

const folderOf = (file) => relative(root, dirname(file)).split(sep).join("/");

/** Folder → folders it imports from (relative specifiers inside the scanned tree only). */
export function folderGraph(files) {
  const graph = new Map();
  const problems = [];
  for (const file of files) {
    const from = folderOf(file);
    if (!graph.has(from)) graph.set(from, new Set());
    for (const m of readFileSync(file, "utf8").matchAll(SPEC)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (!spec.startsWith(".")) continue;
      const to = folderOf(resolve(dirname(file), spec));
      if (to.startsWith("..") || to === from || to.startsWith(`${from}/`)) continue;
      graph.get(from).add(to);
      const top = to.split("/")[0];
      if (from.split("/")[0] === "shared" && CORE_MAY_NOT_IMPORT.includes(top)) {
        problems.push(`${relative(root, file)} imports ${spec}: shared/ must not import from ${top}/`);
      }
    }
  }
  return { graph, problems };
}

/** Every cycle's folders, found by depth-first search (each cycle reported once per entry). */
export function cycles(graph) {
  const found = [];
  const state = new Map(); // 1: on the stack, 2: done
  const stack = [];
  const visit = (node) => {
    state.set(node, 1);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 1) found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 2);
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return found;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = TOP.filter((t) => existing(join(root, t))).flatMap((t) => tsFiles(join(root, t)));
  const { graph, problems } = folderGraph(files);
  for (const c of cycles(graph)) problems.push(`import cycle between folders: ${c.join(" → ")}`);
  if (problems.length) {
    for (const p of problems) console.error(p);
    process.exit(1);
  }
  console.log(`imports: ${files.length} files in ${graph.size} folders, no folder cycle`);
}
