// Lambda bundles: what each handler loads at cold start (its file plus the chunks it imports
// statically), what went into it (esbuild metafile), and how long importing it takes in a
// fresh Node process — the part of a cold start the code controls.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { build, type Metafile } from "esbuild";
import { median } from "./timing.ts";

export interface BundleFigures {
  name: string;
  /** The handler file and every chunk it imports statically: what a cold start loads. */
  bytes: number;
  /** Chunks reachable only through dynamic import(): shipped, loaded only if used. */
  lazyBytes: number;
  /** Median wall time of the importing process minus a bare one, ms. */
  importOverBareMs: number;
  /** Median wall time of the importing process, ms. */
  wallMs: number;
  /** Median wall / CPU time of the import() itself, measured inside the process, ms. */
  inProcessMs: number;
  inProcessCpuMs: number;
  /** Largest inputs by bytes in what is loaded: packages or own folders. */
  topInputs: Array<[string, number]>;
  error?: string;
}

/**
 * Environment a handler validates at cold start; loopback and fake values, never real AWS.
 * The SDK warns on Node < 22 (this machine runs 20, Lambda 22): the warning is switched off
 * so its console write is not counted as import time.
 */
const HANDLER_ENV: Record<string, string> = {
  AWS_REGION: "eu-west-1",
  AWS_ACCESS_KEY_ID: "AKIDBENCHONLY",
  AWS_SECRET_ACCESS_KEY: "bench-only",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  DEDUP_TABLE: "cni-auditor-bench",
  ALERT_TOPIC_ARN: "arn:aws:sns:eu-west-1:111122223333:cni-auditor-bench",
  SLACK_WEBHOOK_URL: "http://127.0.0.1:9/bench",
  REPORT_BUCKET: "cni-auditor-bench-reports",
  POWERTOOLS_SERVICE_NAME: "cni-auditor",
  POWERTOOLS_METRICS_NAMESPACE: "CniAuditor",
};

const IMPORT_SCRIPT =
  "const c = process.cpuUsage(); const t = performance.now(); await import(process.argv[1]);" +
  "const u = process.cpuUsage(c); process.stdout.write(JSON.stringify([performance.now() - t, (u.user + u.system) / 1000]));";

function spawnMs(args: string[]): { wallMs: number; stdout: string; error?: string } {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env: { PATH: process.env.PATH ?? "", ...HANDLER_ENV }, encoding: "utf8" });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) return { wallMs, stdout: r.stdout, error: (r.stderr || `exit ${r.status}`).trim().split("\n").slice(0, 3).join(" | ") };
  return { wallMs, stdout: r.stdout };
}

/** Median start-up of a bare `node --input-type=module -e ""` (the same flags as the imports). */
export function bareNodeMs(spawns: number): number {
  const times: number[] = [];
  for (let i = 0; i < spawns; i++) times.push(spawnMs(["--input-type=module", "-e", ""]).wallMs);
  return median(times);
}

/** Files a module imports statically (`import … from "./x"`, `import "./x"`; not `import("./x")`). */
function staticImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from|import)\s*"(\.\.?\/[^"]+)"/g)].map((m) => join(dirname(file), m[1]!));
}

function staticClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const walk = (f: string): void => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const g of staticImports(f)) walk(g);
  };
  walk(entry);
  return seen;
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? allFiles(join(dir, d.name)) : [join(dir, d.name)]));
}

/** `node_modules/@aws-sdk/client-sns/…` → `@aws-sdk/client-sns`; own files → their folder. */
function inputGroup(path: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (m) return m[1]!;
  return path.split("/").slice(0, 2).join("/");
}

/** Inputs of the handler's statically loaded outputs, built as scripts/build.mjs builds it. */
async function composition(entry: string): Promise<Array<[string, number]>> {
  const outdir = "/bench-virtual";
  const result = await build({
    entryPoints: { handler: entry },
    outdir,
    bundle: true,
    platform: "node",
    format: "esm",
    mainFields: ["module", "main"],
    minify: true,
    keepNames: true,
    splitting: true,
    target: "node22",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const outputs: Metafile["outputs"] = result.metafile.outputs;
  const loaded = new Set<string>();
  const walk = (name: string): void => {
    if (loaded.has(name) || !outputs[name]) return;
    loaded.add(name);
    for (const imp of outputs[name]!.imports) if (imp.kind === "import-statement") walk(imp.path);
  };
  walk(Object.keys(outputs).find((o) => o.endsWith("/handler.js"))!);
  const groups = new Map<string, number>();
  for (const name of loaded) {
    for (const [path, info] of Object.entries(outputs[name]!.inputs)) groups.set(inputGroup(path), (groups.get(inputGroup(path)) ?? 0) + info.bytesInOutput);
  }
  return [...groups.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6);
}

export async function measureBundles(root: string, spawns: number, bareMs: number): Promise<BundleFigures[]> {
  const dir = join(root, "dist/functions");
  if (!existsSync(dir)) return [];
  const every = allFiles(dir).filter((f) => f.endsWith(".mjs"));
  const out: BundleFigures[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".mjs")).sort()) {
    const path = join(dir, file);
    const name = basename(file, ".mjs");
    const loaded = staticClosure(path);
    // Lazy: chunks this handler reaches only through some import().
    const reachable = new Set<string>();
    const walkAll = (f: string): void => {
      if (reachable.has(f)) return;
      reachable.add(f);
      const text = readFileSync(f, "utf8");
      for (const m of text.matchAll(/import\(\s*"(\.\.?\/[^"]+)"\s*\)|(?:from|import)\s*"(\.\.?\/[^"]+)"/g)) walkAll(join(dirname(f), (m[1] ?? m[2])!));
    };
    walkAll(path);
    const size = (files: Iterable<string>): number => [...files].reduce((n, f) => n + statSync(f).size, 0);
    const walls: number[] = [];
    const inside: number[] = [];
    const insideCpu: number[] = [];
    let error: string | undefined;
    for (let i = 0; i < spawns && error === undefined; i++) {
      const r = spawnMs(["--input-type=module", "-e", IMPORT_SCRIPT, path]);
      if (r.error) error = r.error;
      walls.push(r.wallMs);
      const [w, c] = r.error ? [NaN, NaN] : (JSON.parse(r.stdout) as [number, number]);
      inside.push(w);
      insideCpu.push(c);
    }
    const source = join(root, "functions", `${name}.ts`);
    const wallMs = median(walls);
    out.push({
      name,
      bytes: size(loaded),
      lazyBytes: size([...reachable].filter((f) => !loaded.has(f) && every.includes(f))),
      wallMs,
      importOverBareMs: wallMs - bareMs,
      inProcessMs: median(inside),
      inProcessCpuMs: median(insideCpu),
      topInputs: existsSync(source) ? await composition(source) : [],
      ...(error ? { error: `${relative(root, path)}: ${error}` } : {}),
    });
  }
  return out;
}
