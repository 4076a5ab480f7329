// When the fleet audit fans out: the queue (set by infra when the stage has one) and the number of
// account-regions above which a run is split; at or below it, the single run (one invocation)
// audits everything, which is simpler and as fast for a small fleet.
import * as v from "valibot";
import { envText, parseSettings, quoted } from "../../schema.ts";
import type { Env } from "../../sinks/index.ts";

export interface FanoutSettings {
  queueUrl: string;
  /** Fan out when a run has more account-regions than this. */
  above: number;
  /** Seconds after dispatch when the merge runs with whatever is in (at most 900). */
  deadlineSeconds: number;
}

export const DEFAULT_FANOUT_ABOVE = 8;

const count = (max: number) =>
  v.pipe(
    envText,
    v.transform((s) => (s === "" ? undefined : Number(s))),
    v.check(
      (n) => n === undefined || (Number.isInteger(n) && n >= 0 && n <= max),
      (i) => `${quoted(i.input)} is not a whole number from 0 to ${max}`,
    ),
  );

const FANOUT_ENV = v.object({
  FLEET_QUEUE_URL: v.pipe(
    envText,
    v.check(
      (s) => s === "" || /^https?:\/\/\S+$/.test(s),
      (i) => `${quoted(i.input)} is not a queue URL`,
    ),
  ),
  FLEET_FANOUT_ABOVE: count(100_000),
  FLEET_FANOUT_DEADLINE_SECONDS: count(900),
});

/** null: no queue, every run is a single run. */
export function readFanoutSettings(env: Env): FanoutSettings | null {
  const e = parseSettings(FANOUT_ENV, env);
  if (!e.FLEET_QUEUE_URL) return null;
  return {
    queueUrl: e.FLEET_QUEUE_URL,
    above: e.FLEET_FANOUT_ABOVE ?? DEFAULT_FANOUT_ABOVE,
    deadlineSeconds: e.FLEET_FANOUT_DEADLINE_SECONDS ?? 840,
  };
}
