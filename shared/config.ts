import { ConfigError } from "./errors.ts";
import type { KnownClusterPermissions } from "./fleet/permissions/known.ts";
import type { KnownPodIdentity } from "./fleet/pod-identity-known.ts";
import type { RuleId } from "./types.ts";
import type { Route } from "./routing/routes.ts";

/** Settings the core needs; the CLI and the handlers build it once and validate it. */
export interface AuditorConfig {
  /** Fold window in event time, milliseconds (default one hour). */
  windowMs: number;
  /** Used where the input names no cluster (`--cluster`). */
  defaultCluster: string | null;
  /** Extra k8s users that `system-forbidden` treats as system identities. */
  extraSystemUsers: string[];
  /** IAM role ARNs known to be the CNI's (from config or the fleet snapshot): attribution. */
  cniRoleArns: string[];
  /**
   * What the last fleet snapshot's IAM simulation proved about each cluster's CNI roles
   * (CLI --snapshot, or the fleet report's item in the dedup table); absent: not checked.
   */
  fleetPermissions?: KnownClusterPermissions[];
  /** Clusters whose aws-node the last fleet snapshot shows with a Pod Identity association (credentials-denied). */
  fleetPodIdentity?: KnownPodIdentity;
  /** Rules switched off entirely. */
  disabledRules: RuleId[];
  /**
   * Tuning without editing a rule: per rule, actors (k8s user names or IAM role ARNs) whose
   * findings are dropped. A trailing `*` matches a prefix.
   */
  allow: Partial<Record<RuleId, string[]>>;
  /** Named sinks (`slack:platform` → that sink's variables), besides the environment's own. */
  namedSinks: Record<string, Record<string, string>>;
  /** Which sinks each alert goes to (shared/routing/routes.ts); none: every alert to every sink. */
  routes: Route[];
}

export const DEFAULT_WINDOW_MS = 60 * 60 * 1000;

export function defaultConfig(overrides: Partial<AuditorConfig> = {}): AuditorConfig {
  return {
    windowMs: DEFAULT_WINDOW_MS,
    defaultCluster: null,
    extraSystemUsers: [],
    cniRoleArns: [],
    disabledRules: [],
    allow: {},
    namedSinks: {},
    routes: [],
    ...overrides,
  };
}

const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * "90s", "15m", "1h", compound "1h30m" / "2d12h", or plain milliseconds → milliseconds, or
 * what is wrong with it. Units go from largest to smallest, each at most once.
 */
export function checkDuration(text: string): number | string {
  const t = text.trim();
  const ms = /^\d+(?:\.\d+)?$/.test(t) ? Number(t) : compoundMs(t);
  if (ms === undefined) return "is not a duration (examples: 30m, 1h, 1h30m, 2d)";
  if (!Number.isFinite(ms) || ms < 1000) return "must be at least 1s";
  return Math.round(ms);
}

/** Parses a duration (checkDuration); throws ConfigError otherwise. */
export function parseDuration(text: string, what = "duration"): number {
  const d = checkDuration(text);
  if (typeof d === "string") throw new ConfigError(`${what}: "${text}" ${d}`);
  return d;
}

function compoundMs(t: string): number | undefined {
  const order = ["d", "h", "m", "s", "ms"];
  let total = 0;
  let last = -1;
  PART.lastIndex = 0;
  while (PART.lastIndex < t.length) {
    const m = PART.exec(t);
    if (!m) return undefined;
    const rank = order.indexOf(m[2]!);
    if (rank <= last) return undefined;
    last = rank;
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
  }
  return t === "" ? undefined : total;
}

/** True when `actor` is allow-listed for `rule` (exact, or prefix with a trailing `*`). */
export function isAllowed(config: AuditorConfig, rule: RuleId, actor: string | null): boolean {
  if (actor === null) return false;
  const list = config.allow[rule];
  if (!list) return false;
  return list.some((p) => (p.endsWith("*") ? actor.startsWith(p.slice(0, -1)) : actor === p));
}
