import { readFileSync } from "node:fs";
import { defaultConfig, parseDuration, type AuditorConfig } from "../shared/config.ts";
import { ConfigError } from "../shared/errors.ts";
import { parseAuditorSettings } from "../shared/settings.ts";
import { cniRoleArnsFromSnapshot } from "../shared/fleet/cni-roles.ts";
import { knownPermissionsFromSnapshot } from "../shared/fleet/permissions/from-snapshot.ts";
import { knownPodIdentityFromSnapshot } from "../shared/fleet/pod-identity-known.ts";
import { parseSnapshot } from "../shared/fleet/snapshot-io.ts";
import type { FleetSnapshot } from "../shared/fleet/snapshot.ts";

/** Builds the CLI's config from an optional JSON settings file and flags (flags win). */
export function loadCliConfig(opts: { configFile?: string; window?: string; snapshot?: string }): AuditorConfig {
  let fromFile: Partial<AuditorConfig> = {};
  if (opts.configFile) {
    let text: string;
    try {
      text = readFileSync(opts.configFile, "utf8");
    } catch (err) {
      throw new ConfigError(`--config: cannot read ${opts.configFile}`, { cause: err });
    }
    fromFile = parseAuditorSettings(text, `--config ${opts.configFile}`);
  }
  // A fleet snapshot knows which roles the CNI uses (denied calls by them are the CNI's) and,
  // from schema 2, what IAM's simulation says those roles may do (addon-version-changed), and
  // where aws-node has a Pod Identity association (credentials-denied).
  const snapshot = opts.snapshot !== undefined ? snapshotOf(opts.snapshot) : null;
  const snapshotRoles = snapshot ? cniRoleArnsFromSnapshot(snapshot) : [];
  const cniRoleArns = [...new Set([...(fromFile.cniRoleArns ?? []), ...snapshotRoles])];
  return defaultConfig({
    ...fromFile,
    cniRoleArns,
    ...(snapshot ? { fleetPermissions: knownPermissionsFromSnapshot(snapshot), fleetPodIdentity: knownPodIdentityFromSnapshot(snapshot) } : {}),
    ...(opts.window !== undefined ? { windowMs: parseDuration(opts.window, "--window") } : {}),
  });
}

function snapshotOf(file: string): FleetSnapshot {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigError(`--snapshot: cannot read ${file}`, { cause: err });
  }
  try {
    return parseSnapshot(text);
  } catch (err) {
    throw new ConfigError(`--snapshot ${file}: ${(err as Error).message}`, { cause: err });
  }
}
