// What travels on the fleet queue: one message per account-region partition of a run, and the
// merge message (sent by the worker that completes the run, and by the dispatcher with a delay
// as the run's deadline). Bodies are validated on receipt: a queue can carry anything.
import { DecodeError } from "../../errors.ts";
import { REGION } from "../../core/region.ts";

export interface Partition {
  /** null: the fleet's own account (its default credentials). */
  account: string | null;
  region: string;
}

export type FanoutMessage =
  | { kind: "partition"; runId: string; account: string | null; region: string }
  | { kind: "merge"; runId: string; reason: "complete" | "deadline" };

const RUN_ID = /^[0-9A-Za-z_.:-]{1,80}$/;

export function partitionKey(p: Partition): string {
  return `${p.account ?? "self"}/${p.region}`;
}

export function encodeMessage(m: FanoutMessage): string {
  return JSON.stringify(m);
}

export function decodeMessage(body: string): FanoutMessage {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    throw new DecodeError("fleet message is not JSON");
  }
  const o = (typeof v === "object" && v !== null ? v : {}) as Record<string, unknown>;
  if (typeof o.runId !== "string" || !RUN_ID.test(o.runId)) throw new DecodeError("fleet message has no valid runId");
  if (o.kind === "merge" && (o.reason === "complete" || o.reason === "deadline"))
    return { kind: "merge", runId: o.runId, reason: o.reason };
  if (o.kind === "partition") {
    const account = o.account === null ? null : typeof o.account === "string" && /^\d{12}$/.test(o.account) ? o.account : undefined;
    if (account === undefined) throw new DecodeError("fleet partition message has no valid account");
    if (typeof o.region !== "string" || !REGION.test(o.region)) throw new DecodeError("fleet partition message has no valid region");
    return { kind: "partition", runId: o.runId, account, region: o.region };
  }
  throw new DecodeError("fleet message of unknown kind");
}
