// The fleet audit at scale (issue 18): a loopback EKS world of accounts × regions with a latency
// per call and a token bucket per account-region, audited by the fan-out (dispatcher → queue →
// one worker per account-region → merge), against the floor the throttle imposes: the slowest
// account-region's calls beyond its burst, at its refill rate. The queue is in memory; in AWS each
// partition runs in its own Lambda, in parallel, with its own CPU. This machine has 2 shared
// cores: 200 partitions at once measure its CPU (≈300 SDK calls/s), not the design. So messages
// run WAVE at a time, each message's own duration is measured, and the fleet time is what
// Lambda's parallel workers take: dispatch + the slowest partition + the merge. The partitions do
// not share anything that would make that model optimistic (their own token buckets and gates).
import { Agent } from "node:http";
import { loadavg } from "node:os";
import { EKSClient } from "@aws-sdk/client-eks";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { compareAddonVersions } from "../shared/catalog/index.ts";
import { systemClock, silentLog } from "../shared/delivery/clock.ts";
import { dispatchFleetRun, type QueueMessage } from "../shared/fleet/fanout/dispatch.ts";
import { decodeMessage } from "../shared/fleet/fanout/messages.ts";
import { auditPartition } from "../shared/fleet/fanout/partition-audit.ts";
import { memoryRunStore } from "../shared/fleet/fanout/run-store.ts";
import { handleFanoutMessage } from "../shared/fleet/fanout/worker.ts";
import type { FleetSnapshot } from "../shared/fleet/snapshot.ts";
import { startEksWorld, worldCredentials } from "../test/helpers/peers/eks-world.ts";

export interface FleetFanoutFigure {
  accounts: number;
  regions: number;
  clusters: number;
  latencyMs: [number, number];
  throttle: { rate: number; burst: number };
  /** Dispatch + slowest partition + merge (the partitions in parallel, as Lambda runs them). */
  fleetMs: number;
  /** This process's wall time, WAVE partitions at a time. */
  sequentialWallMs: number;
  wave: number;
  /** The worst event-loop delay seen (large: the machine was busy and the figures are pessimistic). */
  maxLoopLagMs: number;
  /** The machine's 1-minute load average at the end (2 cores shared: above 2, figures are pessimistic). */
  load: number;
  /** Partition durations: median, 90th percentile, max. */
  partitionMs: [number, number, number];
  floorMs: number;
  ratio: number;
  calls: number;
  throttled: number;
  clustersRead: number;
  unreadable: number;
}

function percentiles(xs: number[]): [number, number, number] {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return [at(0.5), at(0.9), s[s.length - 1] ?? 0];
}

/** Partitions measured at once on this machine. */
const WAVE = 10;

/**
 * The better of `reps` runs (this machine is shared: its noise only ever adds time), each on a
 * fresh world, so no run profits from another's tokens or caches.
 */
export async function measureFleetFanout(quick: boolean, reps = quick ? 1 : 2): Promise<FleetFanoutFigure & { reps: number }> {
  let best: FleetFanoutFigure | null = null;
  for (let i = 0; i < reps; i++) {
    const f = await fleetRun(quick);
    if (!best || f.fleetMs < best.fleetMs) best = f;
  }
  return { ...best!, reps };
}

async function fleetRun(quick: boolean): Promise<FleetFanoutFigure> {
  const accounts = Array.from({ length: quick ? 10 : 50 }, (_, i) => String(210000000000 + i * 1001));
  const regions = ["eu-west-1", "eu-central-1", "us-east-1", "us-west-2"];
  const throttle = { rate: 10, burst: 10 };
  const latencyMs: [number, number] = [40, 80];
  const world = await startEksWorld({ accounts, regions, clustersPerPartition: 5, latencyMs, throttle });
  const agent = new Agent({ keepAlive: true, maxSockets: 4096 });
  const clients = new Map<string, EKSClient>();
  const eksClient = (t: { account: string | null; region: string }): EKSClient => {
    const key = `${t.account}|${t.region}`;
    let c = clients.get(key);
    if (!c) {
      const credentials = worldCredentials(t.account!);
      clients.set(
        key,
        (c = new EKSClient({
          region: t.region,
          endpoint: world.endpoint,
          credentials,
          maxAttempts: 1,
          requestHandler: new NodeHttpHandler({ httpAgent: agent }),
        })),
      );
    }
    return c;
  };
  const runs = memoryRunStore();
  const objects = new Map<string, string>();
  const parts = { put: async (k: string, body: string) => void objects.set(k, body), get: async (k: string) => objects.get(k) ?? null };
  let merged: FleetSnapshot | null = null;
  // The delayed deadline merge is not needed here: the run completes.
  const pending: string[] = [];
  const queue = {
    async send(messages: readonly QueueMessage[]) {
      for (const m of messages) if (!m.delaySeconds) pending.push(m.body);
    },
  };
  const deps = {
    runs,
    parts,
    queue,
    clock: systemClock,
    log: silentLog,
    mergeLeaseMs: 60_000,
    auditPartition: async (p: { account: string | null; region: string }, run: { takenAt: string }) =>
      (await auditPartition(p, run.takenAt, { eksClient, compareVersions: compareAddonVersions, roleName: null, clock: systemClock }))
        .snapshot,
    report: async (s: FleetSnapshot) => {
      merged = s;
    },
  };
  let lag = 0;
  let tick = performance.now();
  const lagTimer = setInterval(() => {
    const now = performance.now();
    lag = Math.max(lag, now - tick - 20);
    tick = now;
  }, 20);
  const t0 = performance.now();
  await dispatchFleetRun({
    runId: "bench",
    takenAt: new Date().toISOString(),
    scope: { regions, accounts, roleName: "fleet" },
    runs,
    queue,
    deadlineSeconds: 900,
    expiresAtMs: 0,
  });
  const dispatchMs = performance.now() - t0;
  let slowestPartition = 0;
  const durations: number[] = [];
  let mergeMs = 0;
  const worker = async (): Promise<void> => {
    for (let body = pending.shift(); body !== undefined; body = pending.shift()) {
      const m = decodeMessage(body);
      const start = performance.now();
      await handleFanoutMessage(m, deps);
      const ms = performance.now() - start;
      if (m.kind === "partition") {
        slowestPartition = Math.max(slowestPartition, ms);
        durations.push(ms);
      } else mergeMs += ms;
    }
  };
  // Merge messages join the queue as the last partition finishes; the workers drain it.
  while (pending.length) await Promise.all(Array.from({ length: WAVE }, worker));
  const sequentialWallMs = performance.now() - t0;
  clearInterval(lagTimer);
  const fleetMs = dispatchMs + slowestPartition + mergeMs;
  let floorMs = 0;
  let calls = 0;
  let throttled = 0;
  for (const c of world.calls.values()) {
    floorMs = Math.max(floorMs, (Math.max(0, c.ok - throttle.burst) / throttle.rate) * 1000);
    calls += c.ok + c.throttled;
    throttled += c.throttled;
  }
  for (const c of clients.values()) c.destroy();
  agent.destroy();
  await world.close();
  const snapshot = merged as FleetSnapshot | null;
  return {
    accounts: accounts.length,
    regions: regions.length,
    clusters: world.clusters,
    latencyMs,
    throttle,
    fleetMs,
    sequentialWallMs,
    wave: WAVE,
    maxLoopLagMs: lag,
    partitionMs: percentiles(durations),
    load: loadavg()[0] ?? 0,
    floorMs,
    ratio: fleetMs / floorMs,
    calls,
    throttled,
    clustersRead: snapshot?.clusters.length ?? 0,
    unreadable: snapshot?.failures.length ?? 0,
  };
}

export function formatFleetFanout(f: FleetFanoutFigure & { reps: number }): string {
  return [
    "",
    `Fleet audit, fan-out per account-region (${f.clusters} clusters, ${f.accounts} accounts × ${f.regions} regions, ${f.latencyMs[0]}–${f.latencyMs[1]} ms per EKS call, token bucket ${f.throttle.rate}/s burst ${f.throttle.burst} per account-region)`,
    `  fleet time ${(f.fleetMs / 1000).toFixed(2)} s (better of ${f.reps}), floor ${(f.floorMs / 1000).toFixed(2)} s: ${f.ratio.toFixed(2)}× (target ≤ 1.2×)`,
    `  (dispatch + slowest partition + merge; partitions run ${f.wave} at a time here, ${(f.sequentialWallMs / 1000).toFixed(1)} s in all; partitions took ${f.partitionMs.map((x) => (x / 1000).toFixed(2)).join(" / ")} s median / p90 / max; worst event-loop delay ${Math.round(f.maxLoopLagMs)} ms, load average ${f.load.toFixed(1)})`,
    `  median partition ${(f.partitionMs[0] / f.floorMs).toFixed(2)}× the floor`,
    `  ${f.calls} EKS calls, ${f.throttled} answered 429; ${f.clustersRead} clusters read, ${f.unreadable} unreadable (target: 0 lost to throttling)`,
    "",
  ].join("\n");
}
