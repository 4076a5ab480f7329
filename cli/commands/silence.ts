// `cni-auditor silence add|list|expire`: the deployed stack's silences, with the user's own AWS
// credentials. Who did it comes from STS GetCallerIdentity (never from a flag), when from the
// clock, why from --reason: the audit trail every silence carries.
import { randomUUID } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { checkDuration } from "../../shared/config.ts";
import { FLEET_CHECKS } from "../../shared/fleet/checks/index.ts";
import { RULE_IDS } from "../../shared/rules/ids.ts";
import { ConfigError, StoreError } from "../../shared/errors.ts";
import { heldBackSummary, parseSilence } from "../../shared/routing/silences.ts";
import type { SilenceRecord } from "../../shared/routing/silence-summary.ts";
import { parseRfc3339 } from "../../shared/sources/time.ts";
import { DynamoIo } from "../../shared/store/dynamo-io.ts";
import { SilenceStore, type Tally } from "../../shared/store/silence-store.ts";
import { EXIT_OK, EXIT_USAGE, type CliIo } from "../io.ts";
import type { SilenceAddOptions, SilenceTarget } from "./silence-options.ts";
import { inert } from "../terminal-text.ts";

const EXIT_FAILED = 1;

function clients(t: SilenceTarget, io: CliIo) {
  const region = t.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  if (!region) throw new ConfigError("--region is required (or set AWS_REGION)");
  const base = { region, ...(t.profile ? { profile: t.profile } : {}) };
  const dynamo = new DynamoDBClient(base);
  const sts = new STSClient(base);
  return { store: new SilenceStore(new DynamoIo(dynamo, t.table)), sts, destroy: () => (dynamo.destroy(), sts.destroy()) };
}

async function caller(sts: STSClient): Promise<string> {
  const out = await sts.send(new GetCallerIdentityCommand({}));
  if (!out.Arn) throw new StoreError("STS GetCallerIdentity returned no ARN");
  return out.Arn;
}

/** RFC 3339, or a duration from now (`7d`, `12h`). */
function untilOf(text: string, nowMs: number): string {
  const at = parseRfc3339(text);
  if (at !== undefined) return new Date(at).toISOString();
  const ms = checkDuration(text);
  if (typeof ms === "string") throw new ConfigError(`--until: "${text}" is neither an RFC 3339 time nor a duration (7d, 12h)`);
  return new Date(nowMs + ms).toISOString();
}

/** Runs `work`; a usage problem exits 2, an AWS failure 1, both with one inert line. */
async function run(name: string, io: CliIo, work: () => Promise<void>): Promise<number> {
  try {
    await work();
    return EXIT_OK;
  } catch (err) {
    const usage = err instanceof ConfigError;
    const e = err as Error;
    io.stderr.write(inert(`cni-auditor silence ${name}: ${usage ? e.message : `${e.name}: ${e.message}`}`) + "\n");
    return usage ? EXIT_USAGE : EXIT_FAILED;
  }
}

export function runSilenceAdd(opts: SilenceAddOptions, io: CliIo): Promise<number> {
  return run("add", io, async () => {
    const nowMs = Date.now();
    const rule = opts.match.rule;
    // A typo would silence nothing, silently: the rule must be one that exists.
    if (rule !== undefined && !(RULE_IDS as readonly string[]).includes(rule) && !FLEET_CHECKS.some((c) => c.id === rule)) {
      throw new ConfigError(`--rule: "${rule}" is neither a rule nor a fleet check id (cni-auditor rules lists them)`);
    }
    const raw = { id: opts.id ?? `s-${randomUUID().slice(0, 8)}`, match: opts.match, until: untilOf(opts.until, nowMs), reason: opts.reason, createdBy: "pending" };
    parseSilence({ ...raw, ...(opts.maxSeverity ? { maxSeverity: opts.maxSeverity } : {}) }, "silence", nowMs); // usage errors before any call
    const c = clients(opts, io);
    try {
      const createdBy = await caller(c.sts);
      const s = parseSilence({ ...raw, createdBy, ...(opts.maxSeverity ? { maxSeverity: opts.maxSeverity } : {}) }, "silence", nowMs);
      await c.store.add(s, nowMs);
      io.stdout.write(inert(`silence ${s.id} added until ${s.until} by ${s.createdBy}: ${describeMatch(s)}`) + "\n");
    } finally {
      c.destroy();
    }
  });
}

function describeMatch(s: SilenceRecord): string {
  return Object.entries(s.match).map(([k, v]) => `${k}=${v}`).join(" ");
}

function state(s: SilenceRecord, nowMs: number): string {
  if (Date.parse(s.until) > nowMs) return "active";
  const how = s.expiredBy ? `removed by ${s.expiredBy}` : "expired";
  return `${how}${s.summarizedTo ? ", summary sent" : ", summary pending"}`;
}

function heldText(t: Tally | undefined): string {
  if (!t) return "held back nothing";
  return `held back ${t.events} event${t.events === 1 ? "" : "s"} in ${t.keys.length}${t.keysCapped ? "+" : ""} key${t.keys.length === 1 ? "" : "s"}, worst ${t.worstSeverity}`;
}

export function runSilenceList(opts: SilenceTarget & { json: boolean }, io: CliIo): Promise<number> {
  return run("list", io, async () => {
    const c = clients(opts, io);
    try {
      const nowMs = Date.now();
      const all = await c.store.list();
      const tallies = await c.store.tallies(all.map((s) => s.id));
      if (opts.json) {
        const rows = all.map((s) => ({ ...s, active: Date.parse(s.until) > nowMs, heldBack: tallies.get(s.id) ?? null }));
        io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      if (all.length === 0) io.stdout.write("no silences\n");
      for (const s of all) {
        io.stdout.write(inert(`${s.id}  ${state(s, nowMs)}  until ${s.until}  ${describeMatch(s)}${s.maxSeverity ? ` (breaks through above ${s.maxSeverity})` : ""}`) + "\n");
        io.stdout.write(inert(`    ${s.reason} — by ${s.createdBy} at ${s.createdAt}; ${heldText(tallies.get(s.id))}`) + "\n");
      }
    } finally {
      c.destroy();
    }
  });
}

export function runSilenceExpire(opts: SilenceTarget & { id: string }, io: CliIo): Promise<number> {
  return run("expire", io, async () => {
    const c = clients(opts, io);
    try {
      const by = await caller(c.sts);
      const ended = await c.store.expire(opts.id, by, Date.now());
      if (!ended) throw new ConfigError(`no silence with id "${opts.id}"`);
      const held = (await c.store.tallies([ended.id])).get(ended.id);
      io.stdout.write(inert(`${heldBackSummary(ended, held)}; ended ${ended.until}${ended.expiredBy ? ` by ${ended.expiredBy}` : ""} (the next sweep sends its summary)`) + "\n");
    } finally {
      c.destroy();
    }
  });
}
