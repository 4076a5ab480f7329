// Settings of the scheduled fleet report, read once at cold start (its environment variables, set by infra/report.ts).
import { isRegion } from "../../core/region.ts";
import { ConfigError } from "../../errors.ts";
import { readSinkSettings, type Env, type SinkSettings } from "../../sinks/index.ts";

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
}

function list(v: string | undefined): string[] {
  return (v ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

export function readFleetReportSettings(env: Env): FleetReportSettings {
  const bucket = env.REPORT_BUCKET?.trim();
  if (!bucket) throw new ConfigError("REPORT_BUCKET is required");
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new ConfigError(`REPORT_BUCKET: "${bucket}" is not an S3 bucket name`);
  const homeRegion = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || "";
  const regions = list(env.FLEET_REGIONS);
  if (regions.length === 0 && homeRegion) regions.push(homeRegion);
  if (regions.length === 0) throw new ConfigError("FLEET_REGIONS is empty and AWS_REGION is not set");
  for (const r of regions) if (!isRegion(r)) throw new ConfigError(`FLEET_REGIONS: "${r}" is not a region`);
  const accounts = list(env.FLEET_ACCOUNTS);
  for (const a of accounts) if (!/^\d{12}$/.test(a)) throw new ConfigError(`FLEET_ACCOUNTS: "${a}" is not a 12-digit account id`);
  const roleName = env.FLEET_ROLE_NAME?.trim() || null;
  if (accounts.length && !roleName) throw new ConfigError("FLEET_ACCOUNTS needs FLEET_ROLE_NAME");
  let urlBase = env.REPORT_URL_BASE?.trim() || null;
  if (urlBase) {
    if (!/^https?:\/\/[^\s]+$/.test(urlBase)) throw new ConfigError("REPORT_URL_BASE must be an http(s) URL");
    urlBase = urlBase.replace(/\/+$/, "");
  }
  return {
    bucket,
    urlBase,
    regions,
    accounts,
    // Without member accounts the role is not used (the function's own account is read).
    roleName: accounts.length ? roleName : null,
    homeRegion: homeRegion || regions[0]!,
    sinks: readSinkSettings(env),
    dedupTable: env.DEDUP_TABLE?.trim() || null,
  };
}
