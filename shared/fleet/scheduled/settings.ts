// Settings of the scheduled fleet report: one schema over the function's environment (set by
// infra/report.ts), read once at cold start; every problem is a ConfigError naming the variable.
import { isRegion, REGION } from "../../core/region.ts";
import { ConfigError } from "../../errors.ts";
import * as v from "valibot";
import { envList, envText, optionalEnv, parseSettings, quoted, requiredEnv } from "../../schema.ts";
import { readSinkSettings, type Env, type SinkSettings } from "../../sinks/index.ts";
import { parseAuditorSettings } from "../../settings.ts";
import type { Route } from "../../routing/routes.ts";

export interface FleetReportSettings {
  bucket: string;
  /** Base URL the reports are served under (else links go to the S3 console). */
  urlBase: string | null;
  regions: string[];
  accounts: string[];
  roleName: string | null;
  /** The function's own region: S3 console links and the default fleet region. */
  homeRegion: string;
  sinks: SinkSettings;
  /** The dedup table, where the CNI roles the fleet uses are left for the event Lambdas. */
  dedupTable: string | null;
  /** Named sinks and routes (AUDITOR_CONFIG's `sinks` and `routes`): the summary is routed too. */
  namedSinks: Record<string, Record<string, string>>;
  routes: Route[];
}

const FLEET_ENV = v.object({
  REPORT_BUCKET: v.pipe(requiredEnv(), v.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, (i) => `${quoted(i.input)} is not an S3 bucket name`)),
  AWS_REGION: envText,
  AWS_DEFAULT_REGION: envText,
  FLEET_REGIONS: envList(REGION, "a region"),
  FLEET_ACCOUNTS: envList(/^\d{12}$/, "a 12-digit account id"),
  FLEET_ROLE_NAME: envText,
  REPORT_URL_BASE: v.pipe(
    optionalEnv(/^https?:\/\/[^\s]+$/, "an http(s) URL"),
    v.transform((s) => s?.replace(/\/+$/, "") ?? null),
  ),
  DEDUP_TABLE: v.pipe(envText, v.transform((s) => s || null)),
  AUDITOR_CONFIG: v.pipe(envText, v.transform((s) => (s ? parseAuditorSettings(s, "AUDITOR_CONFIG") : {}))),
});

export function readFleetReportSettings(env: Env): FleetReportSettings {
  const e = parseSettings(FLEET_ENV, env);
  const homeRegion = e.AWS_REGION || e.AWS_DEFAULT_REGION;
  const regions = e.FLEET_REGIONS.length ? e.FLEET_REGIONS : homeRegion ? [homeRegion] : [];
  if (regions.length === 0) throw new ConfigError("FLEET_REGIONS is empty and AWS_REGION is not set");
  if (!isRegion(regions[0]!)) throw new ConfigError(`AWS_REGION: ${quoted(regions[0])} is not a region`);
  if (e.FLEET_ACCOUNTS.length && !e.FLEET_ROLE_NAME) throw new ConfigError("FLEET_ACCOUNTS needs FLEET_ROLE_NAME");
  return {
    bucket: e.REPORT_BUCKET,
    urlBase: e.REPORT_URL_BASE,
    regions,
    accounts: e.FLEET_ACCOUNTS,
    // Without member accounts the role is not used (the function's own account is read).
    roleName: e.FLEET_ACCOUNTS.length ? e.FLEET_ROLE_NAME : null,
    homeRegion: homeRegion || regions[0]!,
    sinks: readSinkSettings(env),
    dedupTable: e.DEDUP_TABLE,
    namedSinks: e.AUDITOR_CONFIG.namedSinks ?? {},
    routes: e.AUDITOR_CONFIG.routes ?? [],
  };
}
