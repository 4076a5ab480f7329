import { readFileSync } from "node:fs";
import { defaultConfig, parseDuration, type AuditorConfig } from "../shared/config.ts";
import { ConfigError } from "../shared/errors.ts";
import { parseAuditorSettings } from "../shared/settings.ts";
import { cniRoleArnsFromSnapshot } from "../shared/fleet/cni-roles.ts";
import { parseSnapshot } from "../shared/fleet/snapshot-io.ts";

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
  // A fleet snapshot knows which roles the CNI uses: denied calls by them are the CNI's.
  const snapshotRoles = opts.snapshot !== undefined ? cniRolesOf(opts.snapshot) : [];
  const cniRoleArns = [...new Set([...(fromFile.cniRoleArns ?? []), ...snapshotRoles])];
  return defaultConfig({
    ...fromFile,
    cniRoleArns,
    ...(opts.window !== undefined ? { windowMs: parseDuration(opts.window, "--window") } : {}),
  });
}

function cniRolesOf(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigError(`--snapshot: cannot read ${file}`, { cause: err });
  }
  try {
    return cniRoleArnsFromSnapshot(parseSnapshot(text));
  } catch (err) {
    throw new ConfigError(`--snapshot ${file}: ${(err as Error).message}`, { cause: err });
  }
}
