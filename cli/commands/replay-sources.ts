// What replay reads, from its arguments: local files, directories and stdin; `s3://` URLs;
// `--log-group` / `--log-group-prefix`. The AWS readers (and the SDK) load only when asked for,
// so reading local files starts as fast as before.
import type { AuditorConfig } from "../../shared/config.ts";
import { ConfigError } from "../../shared/errors.ts";
import { enabledAuditTriggers } from "../../shared/prefilter/enabled-triggers.ts";
import { ALL_RULES } from "../../shared/rules/index.ts";
import { auditFilterPattern } from "../../shared/triggers/filter-pattern.ts";
import { expandLocal } from "../input/local.ts";
import type { InputSource } from "../input/source.ts";
import type { ReplayOptions } from "../options.ts";
import type { TimeRange } from "./replay-time.ts";

export interface Inputs {
  /** Read in groups, each with its own concurrency, in this order. */
  groups: Array<{ sources: InputSource[]; concurrency: number }>;
  unreadable: string[];
  close(): void;
}

/** The subscription filter pattern the deployment would use: the server filters, only candidates travel. */
export function clusterPattern(config: AuditorConfig): string | null {
  const triggers = enabledAuditTriggers(ALL_RULES.rules, config);
  return triggers.length > 0 ? auditFilterPattern(triggers, config.extraSystemUsers) : null;
}

export async function replayInputs(opts: ReplayOptions, io: { stdin: NodeJS.ReadableStream; env: NodeJS.ProcessEnv }, config: AuditorConfig, range: TimeRange, nowMs: number): Promise<Inputs> {
  const s3Urls = opts.files.filter((f) => f.startsWith("s3://"));
  const local = expandLocal(opts.files.filter((f) => !f.startsWith("s3://")), io.stdin);
  const inputs: Inputs = { groups: [{ sources: local.sources, concurrency: 1 }], unreadable: local.unreadable, close: () => {} };
  const closers: Array<() => void> = [];
  inputs.close = () => closers.forEach((c) => c());
  const aws = { ...(opts.placement.region ? { region: opts.placement.region } : {}), env: io.env };

  if (s3Urls.length > 0) {
    const [{ s3Client }, { listS3, parseS3Url }] = await Promise.all([import("../input/aws-clients.ts"), import("../input/s3.ts")]);
    const client = s3Client(aws);
    closers.push(() => client.destroy());
    for (const url of s3Urls) {
      const loc = parseS3Url(url);
      if (!loc) throw new ConfigError(`"${url}" is not an s3://bucket/prefix URL`);
      const listed = await listS3(loc, { client, ...range });
      inputs.groups.push({ sources: listed.sources, concurrency: 8 });
      inputs.unreadable.push(...listed.unreadable);
    }
  }

  if (opts.logGroups.length > 0 || opts.logGroupPrefixes.length > 0) {
    if (range.sinceMs === undefined) throw new ConfigError("--log-group and --log-group-prefix need --since (how far back to read, e.g. --since 24h)");
    const [{ logsClient }, { logGroupNames, logGroupSource }] = await Promise.all([import("../input/aws-clients.ts"), import("../input/log-groups.ts")]);
    const client = logsClient(aws);
    closers.push(() => client.destroy());
    const region = opts.placement.region ?? (await client.config.region().catch(() => undefined)) ?? null;
    const read = { client, sinceMs: range.sinceMs, untilMs: range.untilMs ?? nowMs, clusterPattern: clusterPattern(config), region };
    try {
      const names = await logGroupNames(client, opts.logGroups, opts.logGroupPrefixes);
      inputs.groups.push({ sources: names.map((g) => logGroupSource(g, read)), concurrency: 2 });
    } catch (err) {
      inputs.unreadable.push(`log groups ${opts.logGroupPrefixes.join(", ")}: ${(err as { name?: string }).name ?? (err as Error).message}`);
    }
  }
  return inputs;
}
