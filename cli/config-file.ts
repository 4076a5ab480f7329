import { readFileSync } from "node:fs";
import { defaultConfig, parseDuration, type AuditorConfig } from "../shared/config.ts";
import { ConfigError } from "../shared/errors.ts";
import { parseAuditorSettings } from "../shared/settings.ts";

/** Builds the CLI's config from an optional JSON settings file and flags (flags win). */
export function loadCliConfig(opts: { configFile?: string; window?: string; cluster?: string }): AuditorConfig {
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
  return defaultConfig({
    ...fromFile,
    ...(opts.window !== undefined ? { windowMs: parseDuration(opts.window, "--window") } : {}),
    ...(opts.cluster !== undefined ? { defaultCluster: opts.cluster } : {}),
  });
}
