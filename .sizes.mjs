import { build } from "esbuild";
await build({ entryPoints: ["/tmp/o/sizes.ts"], outfile: "/work/wt/outputs/.sizes.out.mjs", bundle: true, platform: "node", format: "esm", external: ["esbuild"], absWorkingDir: "/work/wt/outputs", logLevel: "error" });
await import("/work/wt/outputs/.sizes.out.mjs");
