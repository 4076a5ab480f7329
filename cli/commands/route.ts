// `cni-auditor route`: which sinks one alert goes to under the settings' routes, and why each
// route did or did not match — a route is tested before it is deployed.
import { readFileSync } from "node:fs";
import { ConfigError } from "../../shared/errors.ts";
import { routeAlert } from "../../shared/routing/routes.ts";
import { EXIT_OK, EXIT_USAGE, type CliIo } from "../io.ts";
import { loadCliConfig } from "../config-file.ts";
import { inert } from "../terminal-text.ts";
import { parseAlerts } from "./alert-input.ts";

export interface RouteOptions {
  config: string;
  alert: string;
  json: boolean;
}

export async function runRoute(opts: RouteOptions, io: CliIo): Promise<number> {
  let config;
  let alerts;
  try {
    config = loadCliConfig({ configFile: opts.config });
    alerts = parseAlerts(opts.alert === "-" ? await readStdin(io) : readFileSync(opts.alert, "utf8"));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = err instanceof ConfigError ? err.message : code ? `${opts.alert}: cannot read (${code})` : `${opts.alert}: ${(err as Error).message}`;
    io.stderr.write(inert(`cni-auditor route: ${why}`) + "\n");
    return EXIT_USAGE;
  }
  const sinks = Object.keys(config.namedSinks);
  for (const alert of alerts) {
    const d = routeAlert(config.routes, alert, sinks);
    if (opts.json) {
      io.stdout.write(`${JSON.stringify({ dedupKey: alert.dedupKey, sinks: d.sinks, sendResolved: d.resolvedTo, trace: d.trace })}\n`);
      continue;
    }
    const lines = [`${alert.rule} ${alert.severity} ${alert.cluster ?? "(no cluster)"} ${alert.account ?? "-"} ${alert.region ?? "-"}`];
    if (config.routes.length === 0) lines.push("  no routes configured: every sink");
    for (const t of d.trace) {
      lines.push(`  ${t.matched ? "✔ matched" : t.reached ? "✘ skipped" : "· not reached"}  ${t.route}${t.failed ? `: ${t.failed}` : ""}`);
    }
    lines.push(`  → ${d.sinks.length > 0 ? d.sinks.join(", ") : "no sink (nothing sent)"}${d.resolvedTo.length > 0 ? `; resolved messages to ${d.resolvedTo.join(", ")}` : ""}`);
    io.stdout.write(lines.map(inert).join("\n") + "\n");
  }
  return EXIT_OK;
}

async function readStdin(io: CliIo): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}
