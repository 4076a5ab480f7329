// Adaptive pacing for one account-region's EKS calls. EKS throttles per account and region, so
// each partition of a fleet run has its own gate: a 429 / ThrottlingException slows that
// account-region only, the others go on at their own pace. The gate starts unpaced (bounded
// only by its concurrency); on a throttle it paces calls at a little above the success rate it
// just measured (the server's real refill rate), and creeps back up on successes, so it keeps
// just enough pressure to use every token the server refills without a storm of retries. A
// throttled call is retried through the gate (it cost one round trip, no token); other
// retryable errors (5xx, timeouts) get two more attempts with a short backoff.
import type { Clock } from "../../delivery/clock.ts";

export interface GateOptions {
  clock: Clock;
  /** Calls in flight at most (default 16). */
  maxConcurrency?: number;
  /** Attempts of one call while throttled before giving up (default 40). */
  maxThrottledAttempts?: number;
  /** Pacing never goes below this (calls per second, default 0.5). */
  minRate?: number;
}

export interface GateStats {
  calls: number;
  throttled: number;
  retried: number;
  /** The pace at the end (calls per second; null: never throttled, never paced). */
  rate: number | null;
}

export interface Gate {
  run<T>(call: () => Promise<T>): Promise<T>;
  stats(): GateStats;
}

const THROTTLE_NAMES = new Set(["ThrottlingException", "TooManyRequestsException", "Throttling", "RequestLimitExceeded", "SlowDown"]);

export function isThrottle(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  return Boolean(e && (THROTTLE_NAMES.has(e.name ?? "") || e.$metadata?.httpStatusCode === 429));
}

function isTransient(err: unknown): boolean {
  const e = err as { name?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number }; code?: string } | null;
  if (!e) return false;
  const status = e.$metadata?.httpStatusCode ?? 0;
  return status >= 500 || Boolean(e.$retryable) || e.name === "TimeoutError" || e.code === "ECONNRESET" || e.code === "EPIPE";
}

/** How much above the measured success rate to pace (a few throttles are cheaper than idle tokens). */
const HEADROOM = 1.2;
/** Per success while paced: the pace creeps up until the next throttle says where the limit is. */
const CREEP = 1.015;
/** A cut keeps at least this share of the pace. */
const MAX_CUT = 2 / 3;
const CUT_COOLDOWN_MS = 250;
/** Successes are measured over this trailing window. */
const WINDOW_MS = 2000;
const MIN_SPAN_MS = 1000;

export function createGate(opts: GateOptions): Gate {
  const clock = opts.clock;
  const maxConcurrency = opts.maxConcurrency ?? 16;
  const maxThrottled = opts.maxThrottledAttempts ?? 40;
  const minRate = opts.minRate ?? 0.5;
  let rate = Number.POSITIVE_INFINITY;
  let nextStart = 0;
  let cutAt = Number.NEGATIVE_INFINITY;
  let firstSuccess = Number.POSITIVE_INFINITY;
  let active = 0;
  const waiting: Array<() => void> = [];
  const successes: number[] = [];
  const stats = { calls: 0, throttled: 0, retried: 0 };

  const acquire = async (): Promise<void> => {
    if (active >= maxConcurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  const pace = async (): Promise<void> => {
    if (rate === Number.POSITIVE_INFINITY) return;
    const now = clock.now();
    const start = Math.max(now, nextStart);
    nextStart = start + 1000 / rate;
    if (start > now) await clock.sleep(start - now);
  };
  const succeeded = (): void => {
    const now = clock.now();
    if (firstSuccess === Number.POSITIVE_INFINITY) firstSuccess = now;
    successes.push(now);
    while (successes.length && successes[0]! < now - WINDOW_MS) successes.shift();
    if (rate !== Number.POSITIVE_INFINITY) rate *= CREEP;
  };
  const throttledNow = (): void => {
    const now = clock.now();
    // The 429s of calls that were in flight together are one signal: one cut per cooldown.
    if (now < cutAt + CUT_COOLDOWN_MS) return;
    cutAt = now;
    while (successes.length && successes[0]! < now - WINDOW_MS) successes.shift();
    // What got through over the last window (a young gate's: since its first success, at least
    // MIN_SPAN_MS), a little above; never a cut by more than a third at once (a busy event loop or
    // a pause makes the measure low). A low measure is made up by the creep, per success, so as
    // fast as the server allows; the bench (bench/fleet-fanout.ts) holds the result to its floor.
    const span = Math.max(MIN_SPAN_MS, Math.min(WINDOW_MS, now - firstSuccess));
    const measured = (successes.length * 1000) / span;
    const next = rate === Number.POSITIVE_INFINITY ? Math.max(1, measured * HEADROOM) : Math.max(measured * HEADROOM, rate * MAX_CUT);
    rate = Math.max(minRate, Math.min(rate, next));
  };

  return {
    async run<T>(call: () => Promise<T>): Promise<T> {
      let throttles = 0;
      let transient = 0;
      for (;;) {
        await acquire();
        let retry = false;
        try {
          await pace();
          stats.calls++;
          const out = await call();
          succeeded();
          return out;
        } catch (err) {
          if (isThrottle(err) && ++throttles < maxThrottled) {
            stats.throttled++;
            throttledNow();
            retry = true;
          } else if (!isThrottle(err) && isTransient(err) && ++transient < 3) {
            stats.retried++;
            retry = true;
          } else throw err;
        } finally {
          release();
        }
        if (retry && transient > 0 && throttles === 0) await clock.sleep(100 * 2 ** transient);
      }
    },
    stats: () => ({ ...stats, rate: rate === Number.POSITIVE_INFINITY ? null : rate }),
  };
}
