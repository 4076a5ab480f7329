import { parseDuration } from "../../shared/config.ts";
import { ConfigError } from "../../shared/errors.ts";
import { parseRfc3339 } from "../../shared/sources/time.ts";

/** `--since/--until`: an RFC 3339 time, or a duration back from now (`24h`, `1h30m`, `2d`). */
export function parseTimeBound(text: string, nowMs: number, flag: string): number {
  const at = parseRfc3339(text);
  if (at !== undefined) return at;
  try {
    return nowMs - parseDuration(text, flag);
  } catch {
    throw new ConfigError(`${flag}: "${text}" is neither an RFC 3339 time nor a duration back from now (examples: 24h, 1h30m, 2026-11-19T08:00:00Z)`);
  }
}

export interface TimeRange {
  sinceMs?: number;
  untilMs?: number;
}

export function parseTimeRange(since: string | undefined, until: string | undefined, nowMs: number): TimeRange {
  const range: TimeRange = {};
  if (since !== undefined) range.sinceMs = parseTimeBound(since, nowMs, "--since");
  if (until !== undefined) range.untilMs = parseTimeBound(until, nowMs, "--until");
  if (range.sinceMs !== undefined && range.untilMs !== undefined && range.sinceMs >= range.untilMs) {
    throw new ConfigError(`--since must be before --until`);
  }
  return range;
}
