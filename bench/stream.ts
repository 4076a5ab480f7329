// A deterministic CloudWatch Logs subscription stream: the Lambda events
// `{"awslogs":{"data":base64(gzip(payload))}}` that several clusters' audit log groups send.
import { gzipSync } from "node:zlib";
import { goJson } from "./audit-shape.ts";
import { makeWorld, type ClusterWorld } from "./cluster-world.ts";
import { nextTrafficEvent, type TrafficKind } from "./audit-traffic.ts";
import { seededRng, type Rng } from "./random.ts";

export interface StreamOptions {
  seed: number;
  payloads: number;
  eventsPerPayload: number;
  /** Share of relevant events (0.005 = 0.5 %). */
  relevantRate: number;
  clusters: number;
  extraSystemUsers?: readonly string[];
}

export interface AwslogsEvent {
  awslogs: { data: string };
}

export interface StreamPayload {
  event: AwslogsEvent;
  cluster: string;
  events: number;
  /** Planted relevant events, by kind. */
  planted: Partial<Record<TrafficKind, number>>;
  compressedBytes: number;
  uncompressedBytes: number;
}

export const DEFAULT_STREAM: StreamOptions = {
  seed: 0xc41,
  payloads: 240,
  eventsPerPayload: 800,
  relevantRate: 0.005,
  clusters: 6,
  extraSystemUsers: ["system:serviceaccount:kube-system:cni-metrics-helper"],
};

/** 56-digit CloudWatch Logs event ids, increasing within a stream. */
function logEventId(timeMs: number, seq: number): string {
  return (BigInt(timeMs) * 10n ** 40n + BigInt(seq)).toString().padStart(56, "3");
}

interface Clock {
  timeMs: number;
  seq: number;
}

/** One payload's log events from `world`, and the serialised, gzipped Lambda event. */
function buildPayload(rng: Rng, world: ClusterWorld, clock: Clock, count: number, opts: StreamOptions): StreamPayload {
  const planted: Partial<Record<TrafficKind, number>> = {};
  const logEvents: Array<{ id: string; timestamp: number; message: string }> = [];
  for (let i = 0; i < count; i++) {
    clock.timeMs += rng.int(12); // ~100-200 events/s, as a busy cluster
    const e = nextTrafficEvent(rng, world, clock.timeMs, opts);
    if (e.kind !== "noise") planted[e.kind] = (planted[e.kind] ?? 0) + 1;
    logEvents.push({ id: logEventId(clock.timeMs, ++clock.seq), timestamp: clock.timeMs, message: goJson(e.record) });
  }
  return serialise(world, logEvents, planted);
}

export function serialise(
  world: ClusterWorld,
  logEvents: Array<{ id: string; timestamp: number; message: string }>,
  planted: Partial<Record<TrafficKind, number>>,
): StreamPayload {
  const json = JSON.stringify({
    messageType: "DATA_MESSAGE",
    owner: world.account,
    logGroup: `/aws/eks/${world.name}/cluster`,
    logStream: world.logStream,
    subscriptionFilters: ["cni-auditor-audit"],
    logEvents,
  });
  const gz = gzipSync(json);
  return {
    event: { awslogs: { data: gz.toString("base64") } },
    cluster: world.name,
    events: logEvents.length,
    planted,
    compressedBytes: gz.length,
    uncompressedBytes: Buffer.byteLength(json),
  };
}

/** The bench stream: payloads rotate over the clusters, each cluster's clock moving forward. */
export function generateStream(opts: StreamOptions = DEFAULT_STREAM): StreamPayload[] {
  const rng = seededRng(opts.seed);
  const worlds = Array.from({ length: opts.clusters }, (_, i) => makeWorld(rng, i));
  const clocks = worlds.map((): Clock => ({ timeMs: Date.UTC(2026, 2, 2, 9, 0, 0) + rng.int(60_000), seq: 0 }));
  const out: StreamPayload[] = [];
  for (let p = 0; p < opts.payloads; p++) {
    const c = rng.int(worlds.length);
    // Real batches vary in size around the target.
    const count = Math.max(1, Math.round(opts.eventsPerPayload * (0.75 + rng.next() / 2)));
    out.push(buildPayload(rng, worlds[c]!, clocks[c]!, count, opts));
  }
  return out;
}

/**
 * The largest payload the bench feeds the pipeline: log events appended until the gzipped
 * payload reaches `compressedBytes` (default 1 MB, the CloudWatch Logs / Lambda limit).
 */
export function generateMaxPayload(seed: number, compressedBytes = 1024 * 1024, relevantRate = 0.005): StreamPayload {
  const rng = seededRng(seed);
  const world = makeWorld(rng, 0);
  const clock: Clock = { timeMs: Date.UTC(2026, 2, 2, 9, 0, 0), seq: 0 };
  const opts: StreamOptions = { ...DEFAULT_STREAM, relevantRate };
  const logEvents: Array<{ id: string; timestamp: number; message: string }> = [];
  const kinds: TrafficKind[] = [];
  let payload: StreamPayload | undefined;
  // Grow in steps, re-measuring the compressed size; back off and refine near the limit.
  for (let step = 4000; ; ) {
    for (let i = 0; i < step; i++) {
      clock.timeMs += rng.int(12);
      const e = nextTrafficEvent(rng, world, clock.timeMs, opts);
      kinds.push(e.kind);
      logEvents.push({ id: logEventId(clock.timeMs, ++clock.seq), timestamp: clock.timeMs, message: goJson(e.record) });
    }
    const next = serialise(world, logEvents, countKinds(kinds));
    if (next.compressedBytes <= compressedBytes) {
      payload = next;
      continue;
    }
    if (step === 25 && payload) return payload;
    logEvents.length -= step;
    kinds.length -= step;
    step = Math.max(25, Math.floor(step / 4));
  }
}

function countKinds(kinds: readonly TrafficKind[]): Partial<Record<TrafficKind, number>> {
  const planted: Partial<Record<TrafficKind, number>> = {};
  for (const k of kinds) if (k !== "noise") planted[k] = (planted[k] ?? 0) + 1;
  return planted;
}
