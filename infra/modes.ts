// How a stage takes part in a fleet (`mode`) and whether it is kept (`protect`): the settings,
// their cross-field checks, and the names central and member stages share. A `standalone` stage
// is the whole auditor for its account and region; a `central` stage is that plus the intake
// (an event bus and one CloudWatch Logs destination per region) that member stages forward to;
// a `member` stage holds only the forwarding (infra/member.ts).
import { REGION } from "../shared/core/region.ts";
import * as v from "valibot";
import { ConfigError } from "../shared/errors.ts";
import { eachMatches, quoted, stringList } from "../shared/schema.ts";

export const MODES = ["standalone", "central", "member"] as const;
export type Mode = (typeof MODES)[number];

const ACCOUNT = /^\d{12}$/;
const account = v.pipe(v.string(), v.regex(ACCOUNT, (i) => `${quoted(i.input)} is not a 12-digit account id`));
const region = v.pipe(v.string(), v.regex(REGION, (i) => `${quoted(i.input)} is not a region`));

/** The Kinesis stream's capacity: provisioned shards, or on-demand (README, "Sizing"). */
const streamShards = v.union(
  [v.literal("on-demand"), v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500))],
  (i) => `${quoted(i.input)} is not a shard count (1–500) or "on-demand"`,
);

/** Spread into the infra settings schema (infra/config.ts). */
export const MODE_SETTINGS = {
  mode: v.optional(v.picklist(MODES, (i) => `${quoted(i.input)} is not a mode (${MODES.join(", ")})`), "standalone"),
  /** A short-lived stage (a branch, a test): unprotected unless `protect` says otherwise. */
  ephemeral: v.optional(v.boolean("must be true or false"), false),
  /**
   * Deletion protection and retention: `sst remove` refused, the dedup table, the reports, the
   * topic key and the log stream kept when removed. Default: on unless the stage is ephemeral.
   */
  protect: v.optional(v.boolean("must be true or false")),
  /** The central account's event bus and log destinations are named this (both sides use it). */
  intakeName: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9._-]{1,64}$/, (i) => `${quoted(i.input)} is not an intake name`)), "cni-auditor-central"),
  /** Member stages: where the central stage runs. */
  central: v.optional(v.strictObject({ account, region }, (i) => `unknown setting ${quoted(i.input)}`)),
  /** Central stage: who may forward to it, from which regions, and the stream's capacity. */
  members: v.optional(
    v.strictObject(
      {
        /** `o-…`: admits every account of the organization (aws:PrincipalOrgID). */
        organizationId: v.optional(v.pipe(v.string(), v.regex(/^o-[a-z0-9]{10,32}$/, (i) => `${quoted(i.input)} is not an organization id`))),
        /** Or only these accounts. */
        accounts: v.optional(v.pipe(stringList, eachMatches(ACCOUNT, "a 12-digit account id")), []),
        /** The members' regions: one log destination each (a destination serves its own region). */
        regions: v.optional(v.pipe(stringList, eachMatches(REGION, "a region")), []),
        streamShards: v.optional(streamShards, 1),
      },
      (i) => `unknown setting ${quoted(i.input)}`,
    ),
  ),
};

export interface ModeSettings {
  mode: Mode;
  ephemeral: boolean;
  protect?: boolean | undefined;
  intakeName: string;
  central?: { account: string; region: string } | undefined;
  members?: { organizationId?: string | undefined; accounts: string[]; regions: string[]; streamShards: number | "on-demand" } | undefined;
}

export interface ResolvedModes {
  mode: Mode;
  ephemeral: boolean;
  protect: boolean;
  intakeName: string;
  central: { account: string; region: string } | null;
  members: { organizationId: string | null; accounts: string[]; regions: string[]; streamShards: number | "on-demand" } | null;
}

/** The defaults that depend on other settings, and what only makes sense together. */
export function resolveModes(s: ModeSettings, where = "infra config"): ResolvedModes {
  const fail = (what: string): never => {
    throw new ConfigError(`${where}: ${what}`);
  };
  if (s.mode === "member" && !s.central) fail("mode member needs central (the central stage's account and region)");
  if (s.mode !== "member" && s.central) fail(`central is a member's setting (mode is ${s.mode})`);
  if (s.mode === "central") {
    const m = s.members;
    if (!m || (!m.organizationId && m.accounts.length === 0)) fail("mode central needs members.organizationId or members.accounts (who may forward)");
    if (m!.organizationId && m!.accounts.length > 0) fail("members: set organizationId or accounts, not both");
  } else if (s.members) fail(`members is a central stage's setting (mode is ${s.mode})`);
  const m = s.members;
  return {
    mode: s.mode,
    ephemeral: s.ephemeral,
    protect: s.protect ?? !s.ephemeral,
    intakeName: s.intakeName,
    central: s.central ?? null,
    members: m ? { organizationId: m.organizationId ?? null, accounts: m.accounts, regions: m.regions, streamShards: m.streamShards } : null,
  };
}

/** What sst.config.ts `app()` returns for protection: from the setting, never the stage's name. */
export function stageProtection(protect: boolean): { removal: "retain" | "remove"; protect: boolean } {
  return { removal: protect ? "retain" : "remove", protect };
}
