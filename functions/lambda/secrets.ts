// Secrets (the Slack webhook URL) from SSM Parameter Store, through Powertools Parameters:
// decrypted SecureString values, cached per container for SECRETS_MAX_AGE (default 5 min), so
// a rotated value is picked up without a redeploy. The SSM client is imported on first use:
// event-path bundles carry it as a lazy chunk, and invocations that send nothing never load it.
import { checkDuration } from "../../shared/config.ts";
import { ConfigError } from "../../shared/errors.ts";
import type { Env } from "../../shared/sinks/index.ts";

export const DEFAULT_SECRETS_MAX_AGE_S = 300;

/** Seconds a read secret is reused; SECRETS_MAX_AGE is a duration ("5m", "30s"). */
export function secretsMaxAgeSeconds(env: Env): number {
  const text = env.SECRETS_MAX_AGE?.trim();
  if (!text) return DEFAULT_SECRETS_MAX_AGE_S;
  const ms = checkDuration(text);
  if (typeof ms === "string") throw new ConfigError(`SECRETS_MAX_AGE: "${text}" ${ms}`);
  return Math.round(ms / 1000);
}

export function ssmSecretReader(maxAgeSeconds: number): (name: string) => Promise<string> {
  return async (name) => {
    const { getParameter } = await import("@aws-lambda-powertools/parameters/ssm");
    const value = await getParameter(name, { decrypt: true, maxAge: maxAgeSeconds });
    if (typeof value !== "string" || value === "") throw new ConfigError(`parameter ${name} is empty`);
    return value;
  };
}
