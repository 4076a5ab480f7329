// The sinks table: which sinks exist. Each row is a descriptor (its settings schema, secret,
// IAM needs, builder and sender), read here by the runtime and by infra/ for the deploy.
// A new sink is its descriptor file plus one row in SINKS.

import { parseSettings } from "../schema.ts";
import type { Severity } from "../core/severity.ts";
import type { AlertSink, SinkDeps, SinkDescriptor } from "./sink.ts";
import { SLACK, type SlackSettings } from "./slack-descriptor.ts";
import { SNS, type SnsSettings } from "./sns-descriptor.ts";
import { SECURITY_HUB, type SecurityHubSettings } from "./securityhub-descriptor.ts";

export type { AlertSink, Delivery, DeliveryKind, SinkDeps, SinkDescriptor, SinkResources, Statement } from "./sink.ts";
export { accepts } from "./sink.ts";
export { SinkRateLimitedError } from "../errors.ts";
export { buildSlackPayload, slackSink } from "./slack.ts";
export { buildSnsPublish, snsMessages, snsSink } from "./sns.ts";

export const SINKS = { slack: SLACK, sns: SNS, securityhub: SECURITY_HUB } as const;
export type SinkName = keyof typeof SINKS;
export const SINK_NAMES = Object.keys(SINKS) as SinkName[];

export type Env = Readonly<Record<string, string | undefined>>;

type SettingsOf<D> = D extends SinkDescriptor<infer S> ? S : never;
/** Each sink's settings, null when it is off. */
export type SinkSettings = { [K in SinkName]: SettingsOf<(typeof SINKS)[K]> | null };
export type { SecurityHubSettings, SlackSettings, SnsSettings };

type Row = SinkDescriptor<{ minSeverity: Severity }>;

/** Reads and validates every sink's settings; throws ConfigError naming the variable. Unset = off. */
export function readSinkSettings(env: Env): SinkSettings {
  const out = {} as Record<SinkName, unknown>;
  for (const name of SINK_NAMES) out[name] = parseSettings((SINKS[name] as Row).settings, env);
  return out as unknown as SinkSettings;
}

export function createSinks(settings: SinkSettings, deps: SinkDeps = {}): AlertSink[] {
  const sinks: AlertSink[] = [];
  for (const name of SINK_NAMES) {
    const s = settings[name];
    if (s) sinks.push((SINKS[name] as Row).create(s, deps));
  }
  return sinks;
}

/** The configured sinks (possibly none) from a Lambda environment; throws ConfigError. */
export function sinksFromEnv(env: Env, deps: SinkDeps = {}): AlertSink[] {
  return createSinks(readSinkSettings(env), deps);
}
