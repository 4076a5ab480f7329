// Child process of the bench: processes one maximum-size Lambda event read from a file and
// reports its peak RSS, so the figure is not mixed with the bench's own heap.
// Usage: node dist/bench/max-payload.mjs pipeline|baseline EVENT_FILE [extraSystemUser…]
import { readFileSync } from "node:fs";
import { baselinePass, pipelinePass, pipelineSetup } from "./workloads.ts";
import type { AwslogsEvent } from "./stream.ts";

const [mode, file, ...extraUsers] = process.argv.slice(2);
if ((mode !== "pipeline" && mode !== "baseline") || !file) {
  process.stderr.write("usage: max-payload pipeline|baseline EVENT_FILE [extraSystemUser…]\n");
  process.exit(2);
}
const setup = pipelineSetup(extraUsers);
const rssBeforeKb = Math.round(process.memoryUsage().rss / 1024);
// As the Lambda runtime does: the invocation body arrives as JSON text and is parsed.
const event = JSON.parse(readFileSync(file, "utf8")) as AwslogsEvent;
const start = process.hrtime.bigint();
const totals = mode === "pipeline" ? await pipelinePass([event], setup) : baselinePass([event]);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
process.stdout.write(
  JSON.stringify({ mode, rssBeforeKb, maxRssKb: process.resourceUsage().maxRSS, ms, events: totals.events, matched: totals.matched }) + "\n",
);
